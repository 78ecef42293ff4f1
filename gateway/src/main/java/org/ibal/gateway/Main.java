package org.ibal.gateway;

import org.slf4j.LoggerFactory;

/** {@code java -jar gateway/target/ibal-gateway.jar}, from the repository root. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        GatewayConfig config;
        Gateway gateway;
        try {
            config = GatewayConfig.fromEnvironment();
            gateway = Gateway.start(config);
        } catch (IllegalArgumentException | IllegalStateException | org.ibal.gateway.template.TemplateException e) {
            LoggerFactory.getLogger(Main.class).error("IBAL gateway could not start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
        String base = config.publicUrl() != null ? config.publicUrl() : gateway.httpUrl();
        System.out.println("IBAL gateway ready: " + base + "  (WebSocket " + gateway.webSocketUrl()
                + ", HTTP API " + gateway.httpUrl() + "/api, internal " + gateway.internalUrl() + ", store "
                + describeStore(config, gateway) + ")");
    }

    private static String describeStore(GatewayConfig config, Gateway gateway) {
        return switch (config.store()) {
            case "memory" -> "in memory";
            case "file" -> config.dataDir().resolve("dynamodb") + " via " + gateway.storeEndpoint();
            default -> gateway.storeEndpoint();
        };
    }
}
