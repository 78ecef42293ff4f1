package org.ibal.gateway.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLogTest {
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream printed = new PrintStream(out, true);
    private final FailureLog log = new FailureLog(
            (message, cause) -> {
                printed.println("[gateway] " + message);
                if (cause != null) {
                    cause.printStackTrace(printed);
                }
            },
            now::get);

    private static IllegalStateException thrown(String message) {
        return new IllegalStateException(message, new java.io.IOException("store unreachable"));
    }

    private long lines(String containing) {
        return out.toString().lines().filter(line -> line.contains(containing)).count();
    }

    @Test
    void aFailureRepeated_printsItsStackTraceOnce_thenAOneLineCountAMinuteLater() {
        for (int i = 0; i < 1000; i++) {
            log.failed(
                    "ChatFunction",
                    "ChatFunction threw IllegalStateException: connection c-" + i,
                    thrown("connection c-" + i));
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10)); // 1,000 in 10 s
        }
        assertThat(lines("Caused by: java.io.IOException: store unreachable")).isEqualTo(1);
        assertThat(lines("[gateway] ChatFunction threw")).isEqualTo(1);

        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        log.failed(
                "ChatFunction", "ChatFunction threw IllegalStateException: connection c-x", thrown("connection c-x"));
        assertThat(lines("1000 times like this since it was last reported")).isEqualTo(1);
        assertThat(lines("Caused by: java.io.IOException")).isEqualTo(1);
    }

    @Test
    void anotherKindOfFailure_orAnotherFunction_isPrintedInFull() {
        log.failed("ChatFunction", "ChatFunction threw IllegalStateException: a", thrown("a"));
        log.failed("ConnectFunction", "ConnectFunction threw IllegalStateException: a", thrown("a"));
        log.failed("ChatFunction", "ChatFunction threw IllegalArgumentException: b", new IllegalArgumentException("b"));
        log.failed("ChatFunction", "ChatFunction failed: FixtureError: asked to fail", null);
        log.failed("ChatFunction", "ChatFunction failed: FixtureError: asked to fail", null);
        assertThat(lines("[gateway] ")).isEqualTo(4);
        assertThat(lines("Caused by: java.io.IOException")).isEqualTo(2);
    }
}
