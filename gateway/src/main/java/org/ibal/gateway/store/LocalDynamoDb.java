package org.ibal.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ibal.gateway.inprocess.InProcessOffer;
import org.ibal.gateway.web.Answer;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, embedded: in memory, or file-backed in a directory. It listens on a free port of its own, where
 * anything may reach it over HTTP like any DynamoDB endpoint (the gateway's own client, other processes, tools); the
 * functions the gateway runs call it in-process ({@link #handleInProcess}), on the same data.
 */
public final class LocalDynamoDb implements AutoCloseable {
    private static final String NATIVE_LIBRARY =
            "software/amazon/dynamodb/services/local/shared/access/sqlite/native/Linux/x86_64/libsqlite4java.so";

    private final DynamoDBProxyServer server;
    private final int port;
    private final InProcessDynamoDb inProcess;
    /**
     * Where in-process calls run: platform threads, not the caller's thread and not virtual ones. Not the caller's:
     * every exception DynamoDB Local builds (a failed condition among them) fills in a stack trace, and a function's
     * stack (Spring, the SDK's pipeline) is ~5x as deep as a fresh thread's; when each transaction still built ~135
     * of them (before {@link SharedTransactWrite}) that was ~7% of a loaded gateway's CPU. Not virtual: each call
     * waits for DynamoDB Local's one SQLite thread, two or three times, with a timeout, in {@code Object.wait}; a
     * virtual thread waiting there costs a timer scheduled and cancelled and a hand-off through the JDK's unblocker
     * thread every time (~7% of the CPU, async-profiler). The calls' own work is CPU-bound and their database is one
     * thread: a few threads per core serve them all.
     */
    private final ExecutorService shallowStacks = Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("dynamodb-in-process-", 1).daemon().factory());

    private LocalDynamoDb(DynamoDBProxyServer server, int port) throws ReflectiveOperationException {
        this.server = server;
        this.port = port;
        this.inProcess = InProcessDynamoDb.of(server);
    }

    /**
     * Starts DynamoDB Local; {@code dbPath} null means in memory. {@code nativeDir} receives the sqlite4java
     * library, which cannot be loaded from inside a jar.
     */
    public static LocalDynamoDb start(Path dbPath, Path nativeDir) throws Exception {
        prepareNativeLibrary(nativeDir);
        TableSchemaCache.install();
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

    /**
     * A DynamoDB call from a function this gateway runs, handed over in-process
     * ({@link org.ibal.gateway.inprocess.InProcessOffer}): what DynamoDB Local would answer over HTTP, without the
     * socket, its Jetty or the functions' HTTP client. Only {@code POST /} carries calls, as over HTTP.
     */
    public Answer handleInProcess(InProcessOffer.Call call, byte[] body) {
        if (!call.method().equals("POST") || !call.rawPath().equals("/")) {
            return Answer.error(404, "UnknownOperationException", "DynamoDB calls are POST /");
        }
        String target = call.header("X-Amz-Target");
        try {
            return shallowStacks.submit(() -> inProcess.call(target, body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(500, "InternalFailure", "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("DynamoDB Local failed a call in-process", e.getCause());
        }
    }

    /** The transactions run in-process without DynamoDB Local's per-call function, or null (for tests). */
    SharedTransactWrite sharedTransactWrite() {
        return inProcess.sharedTransactWrite();
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
        shallowStacks.close();
        server.stop();
    }
}
