package org.ibal.functions.handler;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Recognises a failure of the services IBAL stands on (the store, the push endpoint) that a retry may cure: the
 * service could not be reached or timed out (the SDK's {@link SdkClientException}, timeouts included), answered a
 * 5xx, throttled us, or cancelled a transaction over a concurrent one. The caller sees {@code unavailable},
 * retryable; the log gets one line, not a stack trace per request of an outage.
 */
public final class Outages {
    /** Deep enough for the SDK's own wrapping, shallow enough to stop on a cause cycle. */
    private static final int MAX_CAUSES = 8;

    private Outages() {}

    public static boolean is(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++, current = current.getCause()) {
            if (current instanceof SdkClientException) {
                return true;
            }
            if (current instanceof TransactionCanceledException cancelled) {
                return cancelled.hasCancellationReasons()
                        && cancelled.cancellationReasons().stream()
                                .anyMatch(r ->
                                        "TransactionConflict".equals(r.code()) || "ThrottlingError".equals(r.code()));
            }
            if (current instanceof AwsServiceException service
                    && (service.statusCode() >= 500 || service.isThrottlingException())) {
                return true;
            }
        }
        return false;
    }
}
