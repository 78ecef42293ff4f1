package org.ibal.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.ibal.gateway.cluster.DynamoInstanceDirectory;
import org.ibal.gateway.cluster.InstanceDirectory;
import org.ibal.gateway.connections.ConnectionsEndpoint;
import org.ibal.gateway.httpapi.HttpApiEndpoint;
import org.ibal.gateway.inprocess.InProcessOffer;
import org.ibal.gateway.invoke.LambdaInvokeApi;
import org.ibal.gateway.lambda.FunctionEnvironment;
import org.ibal.gateway.lambda.FunctionRuntime;
import org.ibal.gateway.sigv4.SigV4Signer;
import org.ibal.gateway.sigv4.SigV4Verifier;
import org.ibal.gateway.store.LocalDynamoDb;
import org.ibal.gateway.store.SigningKeys;
import org.ibal.gateway.store.TableProvisioner;
import org.ibal.gateway.template.GatewaySpec;
import org.ibal.gateway.template.SamTemplate;
import org.ibal.gateway.template.TableSpec;
import org.ibal.gateway.web.ClientConfig;
import org.ibal.gateway.web.InternalHandler;
import org.ibal.gateway.web.OnConnector;
import org.ibal.gateway.web.PublicHandler;
import org.ibal.gateway.web.SecurityHeaders;
import org.ibal.gateway.web.StaticFiles;
import org.ibal.gateway.web.TrustedProxies;
import org.ibal.gateway.websocket.PerMessageDeflate;
import org.ibal.gateway.websocket.WebSocketApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One gateway instance: the store, the template's functions, and the Jetty server with two listeners. The public one
 * serves what API Gateway and CloudFront serve to the world (the WebSocket API's stage, the HTTP API, the frontend);
 * the internal one what only the functions and the other replicas may call ({@code @connections}, Lambda's Invoke
 * API, instance forwarding, the health check), each call signed with the credentials the functions are given.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private LocalDynamoDb localDynamo;
    private DynamoDbClient dynamo;
    private InstanceDirectory directory;
    private FunctionRuntime runtime;
    private WebSocketApi webSocket;
    private ConnectionsEndpoint connections;
    private InternalHandler internalSide;
    /** The endpoints the functions this gateway runs call in-process: the store, Invoke, @connections. */
    private final List<InProcessOffer> inProcessOffers = new ArrayList<>();

    private Server server;
    private ServerConnector publicConnector;
    private ServerConnector internalConnector;
    private String storeEndpoint;
    private boolean stopped;

    private Gateway(GatewayConfig config) {
        this.config = config;
    }

    /** Starts a gateway; on failure, whatever had started is stopped again. */
    public static Gateway start(GatewayConfig config) throws Exception {
        Gateway gateway = new Gateway(config);
        try {
            gateway.startAll();
            return gateway;
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        keepStoreConnectionsAlive(config.maxConcurrentInvocations());
        storeEndpoint = startStore();
        if (localDynamo != null) {
            inProcessOffers.add(InProcessOffer.offer(storeEndpoint, localDynamo::handleInProcess));
        }
        dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(storeEndpoint))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();

        server = new Server(threadPool());
        publicConnector = connector(config.host(), config.port());
        internalConnector = connector(config.internalHost(), config.internalPort());
        String instanceUrl = config.instanceUrl(internalConnector.getLocalPort());
        directory = new DynamoInstanceDirectory(dynamo, config.instancesTable(), instanceUrl, Clock.systemUTC());

        GatewaySpec spec =
                SamTemplate.load(config.template(), config.overrides(), config.tableNames(), config.region());
        TableProvisioner tables = new TableProvisioner(dynamo);
        for (TableSpec table : spec.tables()) {
            tables.ensure(table);
        }
        if (!spec.tables().isEmpty()) {
            tables.requireTransactions(spec.tables().get(0), storeEndpoint);
        }
        String stage = spec.webSocket() == null ? "ws" : spec.webSocket().stage();
        FunctionEnvironment.publish(
                FunctionEnvironment.merge(spec.functions().values(), providedEnvironment(instanceUrl, stage, spec)),
                config.credentials());
        runtime = new FunctionRuntime(spec.functions(), config.region(), config.maxConcurrentInvocations());
        LambdaInvokeApi invokeApi =
                new LambdaInvokeApi(runtime, spec.functions().keySet());
        inProcessOffers.add(InProcessOffer.offer(
                instanceUrl,
                (call, body) -> invokeApi.handleInProcess(
                        call.method(), call.rawPath(), call.header("X-Amz-Invocation-Type"), body)));

        TrustedProxies proxies = config.trustedProxies();
        if (spec.webSocket() != null) {
            webSocket = new WebSocketApi(
                    spec.webSocket(),
                    runtime,
                    config.limits(),
                    directory.tag(),
                    URI.create(instanceUrl).getAuthority(),
                    proxies);
            connections = new ConnectionsEndpoint(
                    stage,
                    webSocket.connections(),
                    directory,
                    config.limits().maxMessageBytes(),
                    new SigV4Signer(config.credentials(), config.region()));
            ConnectionsEndpoint offered = connections;
            inProcessOffers.add(InProcessOffer.offer(
                    instanceUrl + "/" + stage,
                    (call, body) -> offered.handleInProcess(call.method(), call.rawPath(), body)));
        }
        // Only now: the functions build their clients as they start, and look for these offers then.
        runtime.start();
        HttpApiEndpoint httpApi = spec.httpApi() == null
                ? null
                : new HttpApiEndpoint(spec.httpApi(), runtime, config.limits().httpIntegrationTimeout(), proxies);

        Handler publicSide = new PublicHandler(
                httpApi,
                new ClientConfig(stage, config.publicUrl(), proxies),
                new StaticFiles(config.staticDir(), stage),
                stage,
                new SecurityHeaders(spec.appHeaders(), spec.apiHeaders(), proxies));
        if (webSocket != null) {
            // Jetty's own permessage-deflate refuses frames that inflate past 8 KB when auto-fragmenting is off
            WebSocketServerComponents.ensureWebSocketComponents(server)
                    .getExtensionRegistry()
                    .register(PerMessageDeflate.NAME, PerMessageDeflate.class);
            WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, webSocket::configure);
            upgrade.setHandler(publicSide);
            publicSide = upgrade;
        }
        internalSide = new InternalHandler(
                new SigV4Verifier(config.credentials(), config.region(), Clock.systemUTC()),
                connections,
                invokeApi,
                this::health);
        server.setHandler(new Handler.Sequence(
                new OnConnector(publicConnector, publicSide), new OnConnector(internalConnector, internalSide)));
        server.setStopTimeout(5_000);
        server.start();
    }

    /**
     * The JDK's HttpURLConnection (the AWS SDK's URLConnection client, the functions' and the gateway's) keeps only
     * {@code http.maxConnections} idle connections per host, 5 by default: with more invocations than that calling
     * the store at once, most calls opened a new TCP connection to DynamoDB Local and closed it after. Enough for every
     * invocation the gateway may run at once, unless the operator set it. JVM-wide, read once when the JDK first
     * keeps a connection alive: before the store or the functions make a call.
     */
    private static void keepStoreConnectionsAlive(int maxConcurrentInvocations) {
        if (System.getProperty("http.maxConnections") == null) {
            int enough =
                    maxConcurrentInvocations == 0 ? 256 : maxConcurrentInvocations + 8; // + the gateway's own calls
            System.setProperty("http.maxConnections", Integer.toString(enough));
        }
    }

    /** A listener, bound at once: events and peers need its real port before anything starts. */
    private ServerConnector connector(String host, int port) throws java.io.IOException {
        HttpConfiguration http = new HttpConfiguration();
        // Jetty's per-connection header cache is a 96 KB table (1,024 entries) on every HTTP connection; the
        // functions' @connections calls and each WebSocket upgrade open many short-lived ones, so it cost far more
        // memory and GC than it saved parsing.
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        connector.open();
        return connector;
    }

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("gateway");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("http-", 0).factory()));
        return pool;
    }

    private String startStore() throws Exception {
        Path nativeDir = config.dataDir().resolve("native");
        return switch (config.store()) {
            case "memory" -> {
                localDynamo = LocalDynamoDb.start(null, nativeDir);
                yield localDynamo.endpoint();
            }
            case "file" -> {
                localDynamo =
                        LocalDynamoDb.start(config.dataDir().resolve("dynamodb").toAbsolutePath(), nativeDir);
                yield localDynamo.endpoint();
            }
            default -> config.store();
        };
    }

    /** What the gateway adds to the functions' environment: where the store, the key and @connections are. */
    private Map<String, String> providedEnvironment(String instanceUrl, String stage, GatewaySpec spec)
            throws java.io.IOException {
        Map<String, String> provided = new LinkedHashMap<>();
        provided.put("LAMBDA_ENDPOINT", instanceUrl); // LambdaInvokeApi, on the internal listener
        // @connections, on the internal listener; the functions this gateway runs reach it, LambdaInvokeApi and an
        // embedded store in-process (InProcessOffer)
        provided.put("MANAGEMENT_API_ENDPOINT", instanceUrl + "/" + stage);
        provided.put("DYNAMODB_ENDPOINT", storeEndpoint);
        provided.put("AWS_REGION", config.region());
        // Where the functions read SSM parameters (e.g. LocalStack's): no template variable names it, so it is passed
        // on.
        String ssmEndpoint = config.overrides().get("SSM_ENDPOINT");
        if (ssmEndpoint != null && !ssmEndpoint.isBlank()) {
            provided.put("SSM_ENDPOINT", ssmEndpoint);
        }
        String key = config.overrides().get("JWT_SIGNING_KEY");
        if ((key == null || key.isBlank()) && readsSigningKeyFromSsm(spec)) {
            // As on AWS, the functions read JWT_SIGNING_KEY_PARAMETER's SecureString themselves. Blank rather than
            // absent:
            // the environment is published as JVM-wide system properties, and an inline key would win over the
            // parameter.
            provided.put("JWT_SIGNING_KEY", "");
            return provided;
        }
        if (key == null || key.isBlank()) {
            key = config.store().equals("memory")
                    ? SigningKeys.generate()
                    : SigningKeys.loadOrCreate(config.dataDir().resolve("signing-key.json"));
        }
        provided.put("JWT_SIGNING_KEY", key);
        return provided;
    }

    /** The template (or an override of JwtSigningKeyParameter / JWT_SIGNING_KEY_PARAMETER) names an SSM parameter. */
    private static boolean readsSigningKeyFromSsm(GatewaySpec spec) {
        return spec.functions().values().stream()
                .map(function -> function.environment().get("JWT_SIGNING_KEY_PARAMETER"))
                .anyMatch(parameter -> parameter != null && !parameter.isBlank());
    }

    private StaticCredentialsProvider credentials() {
        GatewayConfig.Credentials credentials = config.credentials();
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
    }

    private String health() {
        return "{\"status\":\"ok\",\"instance\":\"" + directory.tag() + "\",\"connections\":"
                + (webSocket == null ? 0 : webSocket.connections().size()) + ",\"postsToConnection\":"
                + (connections == null ? 0 : connections.delivered()) + ",\"signedCalls\":"
                + (internalSide == null ? 0 : internalSide.signedCalls()) + "}";
    }

    /** The public listener's port. */
    public int port() {
        return publicConnector.getLocalPort();
    }

    /** The internal listener's port. */
    public int internalPort() {
        return internalConnector.getLocalPort();
    }

    /** Ids of the connections this instance holds now. */
    public java.util.Set<String> connectionIds() {
        return webSocket == null
                ? java.util.Set.of()
                : webSocket.connections().all().stream()
                        .map(org.ibal.gateway.websocket.Connection::id)
                        .collect(java.util.stream.Collectors.toSet());
    }

    public String storeEndpoint() {
        return storeEndpoint;
    }

    /** The WebSocket API's stage on the public listener. */
    public String webSocketUrl() {
        return httpUrl().replaceFirst("^http", "ws") + (webSocket == null ? "" : webSocket.path());
    }

    /** The public listener: the app, /config.json, the HTTP API. */
    public String httpUrl() {
        return config.localPublicUrl(port());
    }

    /** The internal listener, as peers and the functions reach it (IBAL_INSTANCE_URL when set). */
    public String internalUrl() {
        return config.instanceUrl(internalPort());
    }

    /** Closes sockets with 1001 (running their $disconnect), stops Jetty, the functions and the store. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (webSocket != null) {
            webSocket.shutdown(Duration.ofSeconds(5));
        }
        quietly("server", () -> {
            if (server != null) server.stop();
        });
        inProcessOffers.forEach(InProcessOffer::withdraw);
        quietly("instance directory", () -> {
            if (directory != null) directory.close();
        });
        quietly("functions", () -> {
            if (runtime != null) runtime.close();
        });
        quietly("store client", () -> {
            if (dynamo != null) dynamo.close();
        });
        quietly("store", () -> {
            if (localDynamo != null) localDynamo.close();
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", what, e.toString());
        }
    }
}
