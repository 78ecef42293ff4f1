package org.ibal.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.ibal.gateway.cluster.DynamoInstanceDirectory;
import org.ibal.gateway.cluster.InstanceDirectory;
import org.ibal.gateway.connections.ConnectionsEndpoint;
import org.ibal.gateway.httpapi.HttpApiEndpoint;
import org.ibal.gateway.invoke.LambdaInvokeApi;
import org.ibal.gateway.lambda.FunctionEnvironment;
import org.ibal.gateway.lambda.FunctionRuntime;
import org.ibal.gateway.store.LocalDynamoDb;
import org.ibal.gateway.store.SigningKeys;
import org.ibal.gateway.store.TableProvisioner;
import org.ibal.gateway.template.GatewaySpec;
import org.ibal.gateway.template.SamTemplate;
import org.ibal.gateway.template.TableSpec;
import org.ibal.gateway.web.ClientConfig;
import org.ibal.gateway.web.GatewayHandler;
import org.ibal.gateway.web.StaticFiles;
import org.ibal.gateway.websocket.WebSocketApi;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One gateway instance: the store, the template's functions, and the Jetty server that serves the
 * WebSocket API, {@code @connections}, the HTTP API and the frontend on one port.
 */
public final class Gateway implements AutoCloseable {
  private final GatewayConfig config;
  private LocalDynamoDb localDynamo;
  private DynamoDbClient dynamo;
  private InstanceDirectory directory;
  private FunctionRuntime runtime;
  private WebSocketApi webSocket;
  private ConnectionsEndpoint connections;
  private Server server;
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
    storeEndpoint = startStore();
    dynamo = DynamoDbClient.builder()
        .endpointOverride(URI.create(storeEndpoint))
        .region(Region.of(config.region()))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();

    server = new Server(threadPool());
    HttpConfiguration http = new HttpConfiguration();
    // Jetty's per-connection header cache is a 96 KB table (1,024 entries) on every HTTP connection; the
    // functions' @connections calls and each WebSocket upgrade open many short-lived ones, so it cost far more
    // memory and GC than it saved parsing.
    http.setHeaderCacheSize(0);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    connector.open(); // bind first: events and peers need the real port
    int port = connector.getLocalPort();
    String instanceUrl = config.instanceUrl(port);
    directory = new DynamoInstanceDirectory(dynamo, config.instancesTable(), instanceUrl, Clock.systemUTC());

    GatewaySpec spec = SamTemplate.load(config.template(), config.overrides(), config.tableNames(), config.region());
    TableProvisioner tables = new TableProvisioner(dynamo);
    for (TableSpec table : spec.tables()) {
      tables.ensure(table);
    }
    FunctionEnvironment.publish(FunctionEnvironment.merge(spec.functions().values(), providedEnvironment(instanceUrl, spec)));
    runtime = new FunctionRuntime(spec.functions(), config.region(), config.maxConcurrentInvocations());

    String stage = spec.webSocket() == null ? "ws" : spec.webSocket().stage();
    if (spec.webSocket() != null) {
      webSocket = new WebSocketApi(spec.webSocket(), runtime, config.limits(), directory.tag(),
          URI.create(instanceUrl).getAuthority());
      connections = new ConnectionsEndpoint(stage, webSocket.connections(), directory, config.limits().maxMessageBytes());
    }
    HttpApiEndpoint httpApi = spec.httpApi() == null ? null
        : new HttpApiEndpoint(spec.httpApi(), runtime, config.limits().httpIntegrationTimeout());
    // Lambda's Invoke API in front: functions invoke functions (e.g. the chat function's async replies).
    Handler handler = new LambdaInvokeApi(runtime, spec.functions().keySet(), new GatewayHandler(connections, httpApi,
        new ClientConfig(stage, config.publicUrl()), new StaticFiles(config.staticDir(), stage), this::health));
    if (webSocket != null) {
      WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, webSocket::configure);
      upgrade.setHandler(handler);
      server.setHandler(upgrade);
    } else {
      server.setHandler(handler);
    }
    server.setStopTimeout(5_000);
    server.start();
  }

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("gateway");
    pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory()));
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
        localDynamo = LocalDynamoDb.start(config.dataDir().resolve("dynamodb").toAbsolutePath(), nativeDir);
        yield localDynamo.endpoint();
      }
      default -> config.store();
    };
  }

  /** What the gateway adds to the functions' environment: where the store, the key and @connections are. */
  private Map<String, String> providedEnvironment(String instanceUrl, GatewaySpec spec) throws java.io.IOException {
    Map<String, String> provided = new LinkedHashMap<>();
    provided.put("LAMBDA_ENDPOINT", instanceUrl); // LambdaInvokeApi
    provided.put("DYNAMODB_ENDPOINT", storeEndpoint);
    provided.put("MANAGEMENT_API_SCHEME", "http");
    provided.put("AWS_REGION", config.region());
    // Where the functions read SSM parameters (e.g. LocalStack's): no template variable names it, so it is passed on.
    String ssmEndpoint = config.overrides().get("SSM_ENDPOINT");
    if (ssmEndpoint != null && !ssmEndpoint.isBlank()) {
      provided.put("SSM_ENDPOINT", ssmEndpoint);
    }
    String key = config.overrides().get("JWT_SIGNING_KEY");
    if ((key == null || key.isBlank()) && readsSigningKeyFromSsm(spec)) {
      // As on AWS, the functions read JWT_SIGNING_KEY_PARAMETER's SecureString themselves. Blank rather than absent:
      // the environment is published as JVM-wide system properties, and an inline key would win over the parameter.
      provided.put("JWT_SIGNING_KEY", "");
      return provided;
    }
    if (key == null || key.isBlank()) {
      key = config.store().equals("memory") ? SigningKeys.generate()
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
    String id = config.overrides().getOrDefault("AWS_ACCESS_KEY_ID", "local");
    String secret = config.overrides().getOrDefault("AWS_SECRET_ACCESS_KEY", "local");
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
  }

  private String health() {
    return "{\"status\":\"ok\",\"instance\":\"" + directory.tag() + "\",\"connections\":"
        + (webSocket == null ? 0 : webSocket.connections().size()) + ",\"postsToConnection\":"
        + (connections == null ? 0 : connections.delivered()) + "}";
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Ids of the connections this instance holds now. */
  public java.util.Set<String> connectionIds() {
    return webSocket == null ? java.util.Set.of()
        : webSocket.connections().all().stream().map(org.ibal.gateway.websocket.Connection::id).collect(java.util.stream.Collectors.toSet());
  }

  public String storeEndpoint() {
    return storeEndpoint;
  }

  public String webSocketUrl() {
    return "ws://" + URI.create(config.instanceUrl(port())).getAuthority() + (webSocket == null ? "" : webSocket.path());
  }

  public String httpUrl() {
    return config.instanceUrl(port());
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
    quietly("server", () -> { if (server != null) server.stop(); });
    quietly("instance directory", () -> { if (directory != null) directory.close(); });
    quietly("functions", () -> { if (runtime != null) runtime.close(); });
    quietly("store client", () -> { if (dynamo != null) dynamo.close(); });
    quietly("store", () -> { if (localDynamo != null) localDynamo.close(); });
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      System.err.println("[gateway] stopping " + what + ": " + e);
    }
  }
}
