package org.ibal.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
    private final Logger logger = new LoggerContext().getLogger("org.ibal.gateway.Test");

    @Test
    void anEventWithAStackTraceAndLineBreaks_isOneLineOfJson_withTheFunctionsFieldNames() throws Exception {
        LoggingEvent event = new LoggingEvent(
                "fqcn",
                logger,
                Level.ERROR,
                "closed \"c1\"\nwith {}",
                new IllegalStateException("boom", new java.io.IOException("store unreachable")),
                new Object[] {1008});
        event.setMDCPropertyMap(Map.of("connectionId", "c1"));

        String line = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("logger_name").asText()).isEqualTo("org.ibal.gateway.Test");
        assertThat(json.path("message").asText()).isEqualTo("closed \"c1\"\nwith 1008");
        assertThat(json.path("connectionId").asText()).isEqualTo("c1");
        assertThat(json.path("@timestamp").asText()).endsWith("Z");
        assertThat(json.path("stack_trace").asText())
                .contains("IllegalStateException: boom")
                .contains("Caused by: java.io.IOException: store unreachable");
    }
}
