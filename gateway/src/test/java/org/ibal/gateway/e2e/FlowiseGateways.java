package org.ibal.gateway.e2e;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.flowise.FlowiseStandIn;

/**
 * A gateway on the project's template and real functions jar, whose functions talk to a Flowise stand-in. The
 * settings are template variables, overridden as any deployment would (gateway README, "Function environment
 * overrides"); timeouts are short so failure scenarios take seconds, not the production half-minutes.
 */
final class FlowiseGateways {
  private FlowiseGateways() {}

  static Gateway start(FlowiseStandIn flowise, Map<String, String> extra) throws Exception {
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
