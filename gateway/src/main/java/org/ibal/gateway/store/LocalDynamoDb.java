package org.ibal.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, embedded: in memory, or file-backed in a directory. It listens on a free port of its
 * own, because the functions reach it over HTTP like any DynamoDB endpoint.
 */
public final class LocalDynamoDb implements AutoCloseable {
    private static final String NATIVE_LIBRARY =
            "software/amazon/dynamodb/services/local/shared/access/sqlite/native/Linux/x86_64/libsqlite4java.so";

    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts DynamoDB Local; {@code dbPath} null means in memory. {@code nativeDir} receives the sqlite4java
     * library, which cannot be loaded from inside a jar.
     */
    public static LocalDynamoDb start(Path dbPath, Path nativeDir) throws Exception {
        prepareNativeLibrary(nativeDir);
        int port = freePort();
        String[] args = dbPath == null
                ? new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", String.valueOf(port)}
                : new String[] {
                    "-dbPath", dbPath.toString(), "-sharedDb", "-disableTelemetry", "-port", String.valueOf(port)
                };
        if (dbPath != null) {
            Files.createDirectories(dbPath);
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
        server.start();
        return new LocalDynamoDb(server, port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private static synchronized void prepareNativeLibrary(Path nativeDir) throws IOException {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        Files.createDirectories(nativeDir);
        Path target = nativeDir.resolve("libsqlite4java-linux-amd64.so");
        try (InputStream in = LocalDynamoDb.class.getClassLoader().getResourceAsStream(NATIVE_LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException("DynamoDB Local's sqlite4java library (" + NATIVE_LIBRARY
                        + ") is not on the class path; is DynamoDBLocal 3.x in lib/?");
            }
            Path partial = Files.createTempFile(nativeDir, "sqlite4java", ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.setProperty(
                "sqlite4java.library.path", nativeDir.toAbsolutePath().toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
