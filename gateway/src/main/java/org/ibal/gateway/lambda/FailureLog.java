package org.ibal.gateway.lambda;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports function failures without flooding the log: the first failure of a kind is printed with its stack trace,
 * the same kind again only counted, and the count printed in one line at most once a minute (when the next one comes).
 * A kind is the function, the exception's type and where it was thrown — not its message, which often carries ids.
 */
final class FailureLog {
    static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    /** Kinds remembered at once; the oldest is forgotten first (and would print its stack trace again). */
    private static final int KINDS = 256;

    private final Reporter out;
    private final LongSupplier nanos;
    private final Map<String, Tally> kinds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tally> eldest) {
            return size() > KINDS;
        }
    };

    private static final class Tally {
        long reportedAt;
        long unreported;

        Tally(long reportedAt) {
            this.reportedAt = reportedAt;
        }
    }

    /** Where a report goes: one log event, the stack trace (when there is one) inside it. */
    interface Reporter {
        void report(String message, Throwable cause);

        /** The gateway's log (one JSON line per event, logback.xml). */
        static Reporter toLog() {
            Logger log = LoggerFactory.getLogger(FailureLog.class);
            return (message, cause) -> log.error(message, cause);
        }
    }

    /** @param out where reports go */
    FailureLog(Reporter out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
    }

    /**
     * @param message what failed, naming the function
     * @param cause   what the function threw, or null (Lambda's error answer)
     */
    synchronized void failed(String functionId, String message, Throwable cause) {
        long now = nanos.getAsLong();
        String kind = functionId + "|" + kindOf(message, cause);
        Tally tally = kinds.get(kind);
        if (tally == null) {
            kinds.put(kind, new Tally(now));
            out.report(message, cause);
            return;
        }
        tally.unreported++;
        if (now - tally.reportedAt >= SUMMARY_INTERVAL.toNanos()) {
            out.report(
                    message + " (" + tally.unreported + " times like this since it was last reported;"
                            + " stack trace printed once)",
                    null);
            tally.unreported = 0;
            tally.reportedAt = now;
        }
    }

    private static String kindOf(String message, Throwable cause) {
        if (cause == null) {
            return message;
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] trace = root.getStackTrace();
        return cause.getClass().getName() + "|" + root.getClass().getName() + "|" + (trace.length > 0 ? trace[0] : "");
    }
}
