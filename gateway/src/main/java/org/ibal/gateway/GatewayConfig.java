package org.ibal.gateway;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.gateway.web.TrustedProxies;

/**
 * The gateway's settings, from environment variables and an optional properties file with the same
 * keys (the environment wins). Every other variable is offered to the template as an override of a
 * parameter or function environment variable of the same name.
 */
public record GatewayConfig(
    String host,
    int port,
    String internalHost,
    int internalPort,
    TrustedProxies trustedProxies,
    Path template,
    String store,
    Path dataDir,
    Path staticDir,
    String publicUrl,
    String instanceUrl,
    String region,
    String instancesTable,
    Map<String, String> tableNames,
    Limits limits,
    int maxConcurrentInvocations,
    Map<String, String> overrides) {

  /**
   * API Gateway's quotas, each configurable so tests can make them tiny, and the per-connection flow limits.
   *
   * @param messagesPerSecond inbound token bucket: frames routed per second and connection (0: no limit)
   * @param messageBurst      the bucket's size: frames a connection may send at once after a quiet spell
   * @param sendBufferBytes   outbound bytes queued for one connection but not yet written; over it, a slow consumer
   */
  public record Limits(int maxMessageBytes, int maxFrameBytes, Duration idleTimeout, Duration connectionLifetime,
      Duration integrationTimeout, Duration httpIntegrationTimeout, double messagesPerSecond, int messageBurst,
      int sendBufferBytes) {
    /**
     * WebSocket APIs time integrations out at 29 s; HTTP APIs at 30 s (their maximum and default). API Gateway's own
     * throttling is per account and route (10,000 requests/s, burst 5,000), far above what one learner needs; the
     * per-connection 10/s, burst 20 are IBAL's (docs/security.md), enforced with API Gateway's algorithm.
     */
    public static Limits aws() {
      return new Limits(128 * 1024, 32 * 1024, Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofSeconds(29),
          Duration.ofSeconds(30), 10, 20, 1024 * 1024);
    }
  }

  /**
   * Invocations running at once: the functions share this machine's cores (on AWS each has its own), and
   * past a few dozen they only slow each other past their timeouts. Measured on 2 cores with 1,000 clients:
   * no cap 0 messages/s (everything timed out), 8 → 112, 32 → 121, 64 → 100.
   */
  static final int DEFAULT_MAX_CONCURRENT_INVOCATIONS = 32;

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final String TABLE_NAME_PREFIX = "IBAL_TABLE_NAME_";

  /** From the process environment plus {@code IBAL_CONFIG} (default {@code gateway.properties}, if present). */
  public static GatewayConfig fromEnvironment() throws IOException {
    Map<String, String> settings = new HashMap<>();
    Path file = Path.of(System.getenv().getOrDefault("IBAL_CONFIG", "gateway.properties"));
    if (Files.exists(file)) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
      properties.forEach((key, value) -> settings.put(String.valueOf(key), String.valueOf(value)));
    } else if (System.getenv("IBAL_CONFIG") != null) {
      throw new IllegalArgumentException("IBAL_CONFIG names " + file + ", which does not exist");
    }
    settings.putAll(System.getenv());
    return from(settings);
  }

  /** From explicit settings (the same keys as the environment); tests build their gateways this way. */
  public static GatewayConfig from(Map<String, String> settings) {
    String host = settings.getOrDefault("IBAL_HOST", "127.0.0.1");
    int port = integer(settings, "IBAL_PORT", 8080);
    String internalHost = settings.getOrDefault("IBAL_INTERNAL_HOST", "127.0.0.1");
    int internalPort = integer(settings, "IBAL_INTERNAL_PORT", 0);
    TrustedProxies trustedProxies = TrustedProxies.parse(settings.getOrDefault("IBAL_TRUSTED_PROXIES", ""));
    String store = settings.getOrDefault("IBAL_STORE", "file");
    if (!store.equals("memory") && !store.equals("file") && !store.matches("https?://.+")) {
      throw new IllegalArgumentException("IBAL_STORE must be memory, file or an http(s):// DynamoDB endpoint, not " + store);
    }
    Map<String, String> tableNames = new HashMap<>();
    settings.forEach((key, value) -> {
      if (key.startsWith(TABLE_NAME_PREFIX)) {
        tableNames.put(key.substring(TABLE_NAME_PREFIX.length()), value);
      }
    });
    Limits aws = Limits.aws();
    Limits limits = new Limits(
        integer(settings, "IBAL_MAX_MESSAGE_BYTES", aws.maxMessageBytes()),
        integer(settings, "IBAL_MAX_FRAME_BYTES", aws.maxFrameBytes()),
        duration(settings, "IBAL_IDLE_TIMEOUT", aws.idleTimeout()),
        duration(settings, "IBAL_CONNECTION_LIFETIME", aws.connectionLifetime()),
        duration(settings, "IBAL_INTEGRATION_TIMEOUT", aws.integrationTimeout()),
        duration(settings, "IBAL_HTTP_INTEGRATION_TIMEOUT", aws.httpIntegrationTimeout()),
        decimal(settings, "IBAL_WS_MESSAGES_PER_SECOND", aws.messagesPerSecond()),
        integer(settings, "IBAL_WS_MESSAGE_BURST", aws.messageBurst()),
        integer(settings, "IBAL_WS_SEND_BUFFER_BYTES", aws.sendBufferBytes()));
    if (limits.messagesPerSecond() < 0 || limits.messageBurst() < 1 || limits.sendBufferBytes() < limits.maxMessageBytes()) {
      throw new IllegalArgumentException("IBAL_WS_MESSAGES_PER_SECOND must be 0 (no limit) or more, IBAL_WS_MESSAGE_BURST"
          + " 1 or more, and IBAL_WS_SEND_BUFFER_BYTES at least IBAL_MAX_MESSAGE_BYTES (one message must fit)");
    }
    int maxConcurrentInvocations = integer(settings, "IBAL_MAX_CONCURRENT_INVOCATIONS", DEFAULT_MAX_CONCURRENT_INVOCATIONS);
    if (maxConcurrentInvocations < 0) {
      throw new IllegalArgumentException("IBAL_MAX_CONCURRENT_INVOCATIONS must be 0 (no cap) or more, not "
          + maxConcurrentInvocations);
    }
    return new GatewayConfig(host, port, internalHost, internalPort, trustedProxies,
        Path.of(settings.getOrDefault("IBAL_TEMPLATE", "template.yaml")),
        store,
        Path.of(settings.getOrDefault("IBAL_DATA_DIR", ".ibal")),
        Path.of(settings.getOrDefault("IBAL_STATIC_DIR", "frontend/dist")),
        blankToNull(settings.get("IBAL_PUBLIC_URL")),
        blankToNull(settings.get("IBAL_INSTANCE_URL")),
        settings.getOrDefault("AWS_REGION", "us-east-1"),
        settings.getOrDefault("IBAL_INSTANCES_TABLE", "ibal-gateway-instances"),
        Map.copyOf(tableNames), limits, maxConcurrentInvocations, Map.copyOf(settings));
  }

  /** This instance's internal URL, where peers and its functions reach it, given the internal port it really bound. */
  public String instanceUrl(int boundInternalPort) {
    if (instanceUrl != null) {
      return instanceUrl.replaceAll("/+$", "");
    }
    return "http://" + reachable(internalHost) + ":" + boundInternalPort;
  }

  /** The public listener's URL on this machine, given the port it really bound. */
  public String localPublicUrl(int boundPort) {
    return "http://" + reachable(host) + ":" + boundPort;
  }

  /**
   * The credentials the gateway hands its functions (they sign their {@code @connections} and Invoke calls with
   * them) and checks every call on the internal listener against, as IAM does on AWS.
   */
  public Credentials credentials() {
    return new Credentials(overrides.getOrDefault("AWS_ACCESS_KEY_ID", "local"),
        overrides.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"));
  }

  /** An access key pair; its {@code toString} names the key id only. */
  public record Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + "]";
    }
  }

  private static String reachable(String bindHost) {
    return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
  }

  @Override
  public String toString() {
    // never the settings themselves: they hold the process environment, secrets included
    return "GatewayConfig[" + host + ":" + port + ", internal " + internalHost + ":" + internalPort + "]";
  }

  private static int integer(Map<String, String> settings, String key, int fallback) {
    String value = settings.get(key);
    try {
      return value == null ? fallback : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not " + value);
    }
  }

  private static double decimal(Map<String, String> settings, String key, double fallback) {
    String value = settings.get(key);
    try {
      return value == null ? fallback : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, not " + value);
    }
  }

  /** Durations read as {@code 500ms}, {@code 29s}, {@code 10m}, {@code 2h}; a bare number is milliseconds. */
  static Duration duration(Map<String, String> settings, String key, Duration fallback) {
    String value = settings.get(key);
    if (value == null) {
      return fallback;
    }
    Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(key + " must be a duration like 500ms, 29s, 10m or 2h, not " + value);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofMillis(amount);
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
