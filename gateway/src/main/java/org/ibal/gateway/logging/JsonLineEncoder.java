package org.ibal.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line, with the field names of the functions' logs (Spring Boot's logstash format):
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message}, the MDC keys, and
 * {@code stack_trace} as one string — so a log shipper reads the gateway and the functions alike, and a stack trace
 * never spans lines. What goes into a message is the caller's care: ids, never tokens (see docs/security.md).
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        field(json, "level", event.getLevel().toString());
        field(json, "logger_name", event.getLoggerName());
        field(json, "thread_name", event.getThreadName());
        field(json, "message", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((key, value) -> field(json, key, value));
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(json, "stack_trace", ThrowableProxyUtil.asString(thrown));
        }
        json.setLength(json.length() - 1); // the last comma
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        quote(json, name);
        json.append(':');
        quote(json, value);
        json.append(',');
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        JSON_STRINGS.quoteAsString(text, json);
        json.append('"');
    }
}
