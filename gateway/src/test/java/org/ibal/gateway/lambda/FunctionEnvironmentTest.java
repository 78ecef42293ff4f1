package org.ibal.gateway.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.template.FunctionSpec;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentTest {
    private static FunctionSpec function(String id, Map<String, String> environment) {
        return new FunctionSpec(id, Path.of("f.jar"), "a.B", environment, Duration.ofSeconds(3), 128);
    }

    @Test
    void sharedVariables_merge_andTheGatewaysOwnValuesWin() {
        Map<String, String> merged = FunctionEnvironment.merge(
                List.of(
                        function(
                                "A",
                                Map.of(
                                        "SPRING_CLOUD_FUNCTION_DEFINITION",
                                        "connect",
                                        "MODE",
                                        "demo",
                                        "DYNAMODB_ENDPOINT",
                                        "from-template")),
                        function("B", Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "chat", "MODE", "demo"))),
                Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:1234"));
        assertThat(merged)
                .containsEntry("MODE", "demo")
                .containsEntry("DYNAMODB_ENDPOINT", "http://127.0.0.1:1234")
                .doesNotContainKey("SPRING_CLOUD_FUNCTION_DEFINITION");
    }

    @Test
    void aVariableThatDiffersBetweenFunctions_failsNamingBoth() {
        assertThatThrownBy(() -> FunctionEnvironment.merge(
                        List.of(
                                function("ConnectFunction", Map.of("MODE", "demo")),
                                function("ChatFunction", Map.of("MODE", "flowise"))),
                        Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MODE")
                .hasMessageContaining("ConnectFunction")
                .hasMessageContaining("ChatFunction")
                .hasMessageContaining("share one environment");
    }
}
