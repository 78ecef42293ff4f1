package org.ibal.functions.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;
import org.ibal.functions.adapter.dynamo.IbalTable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, in memory, started once per JVM on a free port (sqlite4java's native library comes from the
 * folder the build copies it to, {@code -Dsqlite4java.library.path}). Each caller gets its own fresh table with
 * the production schema ({@link IbalTable#createTableRequest}), so test classes never see each other's items.
 */
public final class DynamoDbLocal implements BeforeAllCallback {
    private static URI endpoint;
    private static DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    public static synchronized URI endpoint() {
        start();
        return endpoint;
    }

    public static synchronized DynamoDbClient client() {
        start();
        return client;
    }

    /** A client of its own that reports every call to {@code calls}. */
    public static DynamoDbClient client(DynamoCalls calls) {
        return builder(endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls))
                .build();
    }

    /** A client of its own that reports every call to {@code calls} and loses the store while {@code outage} is on. */
    public static DynamoDbClient client(DynamoCalls calls, StoreOutage outage) {
        return builder(endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls).addExecutionInterceptor(outage))
                .build();
    }

    private static DynamoDbClientBuilder builder(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** Creates a table with a unique name and the production schema; returns its name. */
    public static String newTable() {
        String name = "ibal-test-" + UUID.randomUUID();
        client().createTable(IbalTable.createTableRequest(name));
        return name;
    }

    private static synchronized void start() {
        if (endpoint != null) {
            return;
        }
        quietLogs();
        try {
            int port = freePort();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(port)});
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // The JVM is going away anyway.
                }
            }));
            endpoint = URI.create("http://localhost:" + port);
            client = builder(endpoint).build();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "DynamoDB Local did not start (is -Dsqlite4java.library.path set? "
                            + "run through Maven, which copies the native library to target/native-libs)",
                    e);
        }
    }

    /** DynamoDB Local and its Jetty log every request at INFO: far too loud for a test run. */
    private static void quietLogs() {
        for (String noisy : new String[] {
            "software.amazon.dynamodb",
            "com.amazonaws.services.dynamodbv2",
            "com.amazon.dynamodb",
            "org.eclipse.jetty",
            "software.amazon.awssdk",
            "org.apache"
        }) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(noisy))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
