package org.ibal.gateway;

import static org.ibal.config.Setting.*;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.ibal.config.Settings;
import org.ibal.gateway.web.TrustedProxies;

/**
 * The gateway's settings, from environment variables and an optional properties file with the same
 * keys (the environment wins), read through the catalogue ({@link org.ibal.config.Setting}: names, defaults,
 * validation, docs/settings.md). Every other variable is offered to the template as an override of a
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
     * API Gateway's quotas, each configurable so tests can make them tiny, and the per-connection flow limits
     * (defaults and why: {@link org.ibal.config.Setting}).
     *
     * @param messagesPerSecond inbound token bucket: frames routed per second and connection (0: no limit)
     * @param messageBurst      the bucket's size: frames a connection may send at once after a quiet spell
     * @param sendBufferBytes   outbound bytes queued for one connection but not yet written; over it, a slow consumer
     */
    public record Limits(
            int maxMessageBytes,
            int maxFrameBytes,
            Duration idleTimeout,
            Duration connectionLifetime,
            Duration integrationTimeout,
            Duration httpIntegrationTimeout,
            double messagesPerSecond,
            int messageBurst,
            int sendBufferBytes) {}

    /** The secret of the default local key pair (the gateway on a laptop); compose sets a random one. */
    private static final String LOCAL_SECRET = "local";

    private static final String TABLE_NAME_PREFIX = "IBAL_TABLE_NAME_";

    /** From the process environment plus {@code IBAL_CONFIG} (default {@code gateway.properties}, if present). */
    public static GatewayConfig fromEnvironment() throws IOException {
        Map<String, String> settings = new HashMap<>();
        Settings environment = new Settings(System::getenv);
        Path file = Path.of(environment.text(IBAL_CONFIG));
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.forEach((key, value) -> settings.put(String.valueOf(key), String.valueOf(value)));
        } else if (environment.isSet(IBAL_CONFIG)) {
            throw new IllegalArgumentException("IBAL_CONFIG names " + file + ", which does not exist");
        }
        settings.putAll(System.getenv());
        return from(settings);
    }

    /** From explicit settings (the same keys as the environment); tests build their gateways this way. */
    public static GatewayConfig from(Map<String, String> settings) {
        Settings read = new Settings(settings::get);
        String store = read.text(IBAL_STORE);
        if (!store.equals("memory") && !store.equals("file") && !store.matches("https?://.+")) {
            throw new IllegalArgumentException(
                    "IBAL_STORE must be memory, file or an http(s):// DynamoDB endpoint, not " + store);
        }
        Map<String, String> tableNames = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(TABLE_NAME_PREFIX)) {
                tableNames.put(key.substring(TABLE_NAME_PREFIX.length()), value);
            }
        });
        Limits limits = new Limits(
                read.whole(IBAL_MAX_MESSAGE_BYTES),
                read.whole(IBAL_MAX_FRAME_BYTES),
                read.duration(IBAL_IDLE_TIMEOUT),
                read.duration(IBAL_CONNECTION_LIFETIME),
                read.duration(IBAL_INTEGRATION_TIMEOUT),
                read.duration(IBAL_HTTP_INTEGRATION_TIMEOUT),
                read.decimal(IBAL_WS_MESSAGES_PER_SECOND),
                read.whole(IBAL_WS_MESSAGE_BURST),
                read.whole(IBAL_WS_SEND_BUFFER_BYTES));
        if (limits.sendBufferBytes() < limits.maxMessageBytes()) {
            throw new IllegalArgumentException(
                    "IBAL_WS_SEND_BUFFER_BYTES must be at least IBAL_MAX_MESSAGE_BYTES (one message" + " must fit)");
        }
        return new GatewayConfig(
                read.text(IBAL_HOST),
                read.whole(IBAL_PORT),
                read.text(IBAL_INTERNAL_HOST),
                read.whole(IBAL_INTERNAL_PORT),
                TrustedProxies.parse(read.text(IBAL_TRUSTED_PROXIES)),
                Path.of(read.text(IBAL_TEMPLATE)),
                store,
                Path.of(read.text(IBAL_DATA_DIR)),
                Path.of(read.text(IBAL_STATIC_DIR)),
                read.text(IBAL_PUBLIC_URL),
                read.text(IBAL_INSTANCE_URL),
                read.text(AWS_REGION),
                read.text(IBAL_INSTANCES_TABLE),
                Map.copyOf(tableNames),
                limits,
                read.whole(IBAL_MAX_CONCURRENT_INVOCATIONS),
                Map.copyOf(settings));
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
        Settings read = new Settings(overrides::get);
        return new Credentials(
                read.text(AWS_ACCESS_KEY_ID),
                read.isSet(AWS_SECRET_ACCESS_KEY) ? read.text(AWS_SECRET_ACCESS_KEY) : LOCAL_SECRET);
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
}
