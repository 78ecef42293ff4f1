package org.ibal.gateway.store;

import com.amazonaws.services.dynamodbv2.datamodel.DocumentFactory;
import com.amazonaws.services.dynamodbv2.dbenv.DbEnv;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.dynamodb.services.exceptions.AWSExceptionFactory;
import software.amazon.dynamodb.services.local.dispatchers.Dispatcher;
import software.amazon.dynamodb.services.local.server.DynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.dynamodb.services.local.shared.access.LocalDBInputConverter;
import software.amazon.dynamodb.services.local.shared.access.LocalDBOutputConverter;
import software.amazon.dynamodb.services.local.shared.access.api.dp.TransactWriteItemsFunction;
import software.amazon.dynamodb.services.local.shared.access.client.LocalDynamoDbClient;

/**
 * DynamoDB Local's {@code TransactWriteItems} through one function object for the life of the database, where
 * DynamoDB Local builds a new one for every call.
 *
 * <p>Every other operation of DynamoDB Local's client shares the client's one error factory. For a transaction it
 * builds a new {@code TransactWriteItemsFunction} and, with it, two new error factories, and each factory prepares
 * every error it might ever answer up front: ~135 exceptions, each filling in its stack trace. Measured on a loaded
 * gateway (async-profiler, 20 chat clients after a 60 s warm-up): building them took 6.4% of the JVM's CPU, 9.5% of
 * what the JIT left, against 9.3% for the transaction's own work; every question and every reply is a transaction.
 *
 * <p>The function keeps nothing between calls: everything it holds is final and set when it is built (the database
 * access, the converters, an error factory whose prepared errors nothing changes, and its put, update, delete and get
 * functions, built the same way), as the client's own factory is shared by all its other calls. What a call answers,
 * success or error, is what DynamoDB Local's own path answers ({@code SharedTransactWriteTest} compares the bytes
 * with the same calls over HTTP, which still take that path).
 *
 * <p>DynamoDB Local has no entry point for this; its parts are read by reflection. If an upgrade moves them, {@link
 * #of} logs why and answers null, and transactions take DynamoDB Local's own path, only slower.
 */
final class SharedTransactWrite {
    private static final Logger LOG = LoggerFactory.getLogger(SharedTransactWrite.class);

    private final TransactWriteItemsFunction function;
    private final ObjectMapper json;
    private final AtomicLong calls = new AtomicLong();

    private SharedTransactWrite(TransactWriteItemsFunction function, ObjectMapper json) {
        this.function = function;
        this.json = json;
    }

    /**
     * @param database the request handler DynamoDB Local's server was started with (one shared database)
     * @param dispatcher DynamoDB Local's {@code TransactWriteItems} dispatcher, whose mapper writes the answer
     * @return null when this DynamoDB Local's parts are not where this version expects them (logged)
     */
    static SharedTransactWrite of(DynamoDBRequestHandler database, Dispatcher<?> dispatcher) {
        try {
            if (!(database instanceof LocalDynamoDBRequestHandler local)) {
                throw new IllegalStateException(
                        "the request handler is a " + database.getClass().getName());
            }
            // The handler the server's calls reach: with -sharedDb one, whatever the caller's key and region.
            Method credentials = method(LocalDynamoDBRequestHandler.class, "getCredentialsString", 2);
            Method handler = method(LocalDynamoDBRequestHandler.class, "getHandler", 1);
            AmazonDynamoDBLocal db =
                    (AmazonDynamoDBLocal) handler.invoke(local, credentials.invoke(local, "local", "local"));
            if (!(db.dynamoDbClient() instanceof LocalDynamoDbClient client)) {
                throw new IllegalStateException("the database's client is a "
                        + db.dynamoDbClient().getClass().getName());
            }
            // What DynamoDB Local's client passes to a new function on every call.
            TransactWriteItemsFunction function = new TransactWriteItemsFunction(
                    client.dbAccess,
                    (LocalDBInputConverter) read(client, "inputConverter"),
                    (LocalDBOutputConverter) read(client, "localDBOutputConverter"),
                    new AWSExceptionFactory(),
                    (DbEnv) read(client, "localDBEnv"),
                    (DocumentFactory) read(client, "documentFactory"));
            ObjectMapper json = (ObjectMapper)
                    InProcessDynamoDb.field(Dispatcher.class, "jsonMapper").get(dispatcher);
            return new SharedTransactWrite(function, json);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn(
                    "DynamoDB Local's transactions keep building their function per call (its parts moved: {})",
                    e.toString());
            return null;
        }
    }

    /**
     * The answer's body, as DynamoDB Local's dispatcher writes it; its errors are thrown as its own path throws them.
     */
    byte[] enact(TransactWriteItemsRequest request) throws JsonProcessingException {
        calls.incrementAndGet();
        return json.writeValueAsBytes(function.apply(request));
    }

    /** Transactions this function has run (for tests). */
    long calls() {
        return calls.get();
    }

    private static Method method(Class<?> owner, String name, int parameters) throws NoSuchMethodException {
        for (Method method : owner.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == parameters) {
                method.setAccessible(true);
                return method;
            }
        }
        throw new NoSuchMethodException(owner.getName() + "." + name);
    }

    private static Object read(LocalDynamoDbClient client, String name) throws ReflectiveOperationException {
        return InProcessDynamoDb.field(LocalDynamoDbClient.class, name).get(client);
    }
}
