package org.ibal.gateway.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.GatewayConfig;

/** Starts a real gateway on a random port with an in-memory store, from explicit settings. */
public final class TestGateway {
    private TestGateway() {}

    public static Gateway start(Path template, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("IBAL_HOST", "127.0.0.1");
        settings.put("IBAL_PORT", "0");
        settings.put("IBAL_STORE", "memory");
        settings.put("IBAL_TEMPLATE", template.toString());
        settings.put("IBAL_DATA_DIR", "target/ibal-test");
        settings.put("IBAL_STATIC_DIR", "target/no-frontend");
        settings.putAll(extra);
        return Gateway.start(GatewayConfig.from(settings));
    }

    public static Gateway fixture(Map<String, String> extra) throws Exception {
        return start(FixtureFunctions.template(), extra);
    }
}
