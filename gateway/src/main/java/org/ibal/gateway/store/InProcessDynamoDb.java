package org.ibal.gateway.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.util.Map;
import org.ibal.gateway.web.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.dynamodb.services.exceptions.AmazonServiceExceptionType;
import software.amazon.dynamodb.services.exceptions.DynamoDBLocalServiceException;
import software.amazon.dynamodb.services.local.dispatchers.Dispatcher;
import software.amazon.dynamodb.services.local.exceptions.ExceptionBean;
import software.amazon.dynamodb.services.local.server.AbstractLocalDynamoDBServerHandler;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.DynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local's request handling without its HTTP server: a DynamoDB JSON request (its {@code X-Amz-Target}
 * operation and body) in, DynamoDB's JSON answer out, through the very objects DynamoDB Local's Jetty handler uses —
 * its JSON mapper, its per-operation dispatchers and the one request handler (the database) its server was started
 * with. What the socket, Jetty on both sides and the HTTP client cost per call is left out; what DynamoDB Local
 * answers (items, {@code ConditionalCheckFailedException}, {@code TransactionCanceledException} and its reasons) is
 * the same bytes. DynamoDB Local 3.x has no public entry point for this, so the handler's parts are read by
 * reflection once, at start: a DynamoDB Local upgrade that renames them fails the gateway's start, not a call.
 */
final class InProcessDynamoDb {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessDynamoDb.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String TRANSACT_WRITE = "TransactWriteItems";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** DynamoDB Local's HTTP handler refuses a longer body (DynamoDB's own request limit is 16 MB). */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final ObjectMapper json;
    private final DynamoDBRequestHandler database;
    private final Map<String, Dispatcher<Object>> dispatchers;
    private final Map<String, Class<?>> requestTypes;
    /** TransactWriteItems without building its function per call; null if this DynamoDB Local does not allow it. */
    private final SharedTransactWrite transactWrite;

    private InProcessDynamoDb(
            ObjectMapper json,
            DynamoDBRequestHandler database,
            Map<String, Dispatcher<Object>> dispatchers,
            Map<String, Class<?>> requestTypes) {
        this.json = json;
        this.database = database;
        this.dispatchers = dispatchers;
        this.requestTypes = requestTypes;
        Dispatcher<Object> transactWriteDispatcher = dispatchers.get(TRANSACT_WRITE);
        this.transactWrite =
                transactWriteDispatcher == null ? null : SharedTransactWrite.of(database, transactWriteDispatcher);
    }

    /** The request handling of {@code server}, which keeps serving HTTP (other processes, tools) on the same data. */
    static InProcessDynamoDb of(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Object handler = field(DynamoDBProxyServer.class, "serverHandler").get(server);
        if (!(handler instanceof LocalDynamoDBServerHandler local)) {
            throw new IllegalStateException(
                    "DynamoDB Local's server handler is a " + handler.getClass().getName());
        }
        @SuppressWarnings("unchecked")
        Map<String, Dispatcher<Object>> dispatchers = (Map<String, Dispatcher<Object>>)
                field(LocalDynamoDBServerHandler.class, "dispatchers").get(null);
        @SuppressWarnings("unchecked")
        Map<String, Class<?>> requestTypes = (Map<String, Class<?>>)
                field(LocalDynamoDBServerHandler.class, "classes").get(null);
        return new InProcessDynamoDb(
                (ObjectMapper) field(AbstractLocalDynamoDBServerHandler.class, "jsonMapper")
                        .get(local),
                (DynamoDBRequestHandler) field(AbstractLocalDynamoDBServerHandler.class, "primaryHandler")
                        .get(local),
                Map.copyOf(dispatchers),
                Map.copyOf(requestTypes));
    }

    /** The transactions run without DynamoDB Local's per-call function, or null (for tests). */
    SharedTransactWrite sharedTransactWrite() {
        return transactWrite;
    }

    /**
     * One call, as DynamoDB Local's HTTP handler answers it (status 200 and the result, or the error's status and
     * {@code __type}/{@code message} body).
     *
     * @param target the {@code X-Amz-Target} header, e.g. {@code DynamoDB_20120810.GetItem}
     */
    Answer call(String target, byte[] body) {
        try {
            if (body.length > MAX_REQUEST_BYTES) {
                throw error(AmazonServiceExceptionType.REQUEST_TOO_LARGE);
            }
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw error(AmazonServiceExceptionType.INVALID_ACTION);
            }
            String operation = target.substring(TARGET_PREFIX.length());
            Dispatcher<Object> dispatcher = dispatchers.get(operation);
            if (dispatcher == null) {
                throw error(AmazonServiceExceptionType.UNKNOWN_OPERATION_EXCEPTION);
            }
            // A body that does not parse is an internal failure, as DynamoDB Local's HTTP handler answers it.
            Object request = json.readValue(body, requestTypes.get(operation));
            if (transactWrite != null && request instanceof TransactWriteItemsRequest transaction) {
                return answer(200, transactWrite.enact(transaction));
            }
            // The shared database ignores the caller's access key and region (-sharedDb), as over HTTP.
            return answer(200, dispatcher.enact("local", "local", request, database));
        } catch (DynamoDBLocalServiceException e) {
            return answer(
                    e.statusCode(),
                    bytes(new ExceptionBean(
                            e.getErrorCode(), e.getMessage(), e.getCancellationReasons(), e.getItem())));
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("DynamoDB Local failed a call in-process", e);
            AmazonServiceExceptionType failure = AmazonServiceExceptionType.INTERNAL_FAILURE;
            return answer(failure.getResponseStatus(), bytes(new ExceptionBean(failure)));
        }
    }

    /** The error's type travels in the body's {@code __type}, as DynamoDB Local sends it. */
    private static Answer answer(int status, byte[] body) {
        return new Answer(status, Map.of(), CONTENT_TYPE, body);
    }

    private static DynamoDBLocalServiceException error(AmazonServiceExceptionType type) {
        return new DynamoDBLocalServiceException(
                type.getMessage(), null, null, type.getResponseStatus(), type.getErrorCode());
    }

    private byte[] bytes(ExceptionBean bean) {
        try {
            return json.writeValueAsBytes(bean);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A declared field of one of DynamoDB Local's classes, made readable. */
    static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
