package org.ibal.gateway.e2e;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.TestGateway;
import org.ibal.testsupport.flowise.FlowiseStandIn;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Flowise stand-in and a gateway on the project's template and real functions jar whose functions talk to it,
 * started once per test class ({@code @RegisterExtension static final FlowiseGateways stack = ...}) and closed
 * after it. The settings are template variables, overridden as any deployment would (gateway README, "Function
 * environment overrides"); timeouts are short so failure scenarios take seconds, not the production half-minutes.
 */
final class FlowiseGateways implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> extra;
    private FlowiseStandIn flowise;
    private Gateway gateway;

    /** @param extra settings on top of (or instead of) the short timeouts below */
    FlowiseGateways(Map<String, String> extra) {
        this.extra = extra;
    }

    FlowiseStandIn flowise() {
        return flowise;
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        flowise = FlowiseStandIn.listening();
        gateway = start(flowise, extra);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
        }
        if (flowise != null) {
            flowise.close();
        }
    }

    private static Gateway start(FlowiseStandIn flowise, Map<String, String> extra) throws Exception {
        if (!Files.exists(RealFunctionsTest.FUNCTIONS_JAR)) {
            throw new IllegalStateException(RealFunctionsTest.FUNCTIONS_JAR + " is missing: build the functions first "
                    + "(./mvnw -pl gateway -am verify builds both)");
        }
        Map<String, String> settings = new HashMap<>(Map.of(
                "MODEL_PROVIDER", "flowise",
                "FLOWISE_URL", flowise.url().toString(),
                "FLOWISE_CHATFLOW_ID", FlowiseThroughGatewayTest.CHATFLOW,
                "FLOWISE_MAX_RETRIES", "2",
                "FLOWISE_TIMEOUT", "PT20S",
                "MODEL_FIRST_TOKEN_TIMEOUT", "PT1S",
                "MODEL_IDLE_TIMEOUT", "PT1S"));
        settings.putAll(extra);
        return TestGateway.start(RealFunctionsTest.TEMPLATE, settings);
    }
}
