package org.ibal.functions.adapter.model;

import org.ibal.functions.domain.error.ModelUnavailableException;

/**
 * A model call that failed, with the kind of failure the resilience policy decides on: whether to try again and
 * whether it says something about the provider's health (the circuit breaker). Callers outside the adapters see
 * only a {@link ModelUnavailableException}.
 */
public final class ModelFailure extends ModelUnavailableException {
    public enum Kind {
        /** No connection: refused, reset before the answer, DNS, TLS. */
        CONNECT(true, true),
        /** Our own deadline passed: headers, first token, idle between tokens, or overall. */
        TIMEOUT(true, true),
        /** HTTP 429: the provider sheds load. */
        RATE_LIMITED(true, true),
        /** 5xx, an error event inside a 200 stream, or a stream cut before its end. */
        SERVER_ERROR(true, true),
        /** The provider refused this request (bad key, unknown chatflow or model, bad input): asking again won't help. */
        REJECTED(false, false),
        /** The circuit breaker is open: no call was made. */
        CIRCUIT_OPEN(true, false);

        private final boolean transientFailure;
        private final boolean providerFault;

        Kind(boolean transientFailure, boolean providerFault) {
            this.transientFailure = transientFailure;
            this.providerFault = providerFault;
        }

        /** Worth another attempt later. */
        public boolean isTransient() {
            return transientFailure;
        }

        /** Counts against the provider in its circuit breaker. */
        public boolean isProviderFault() {
            return providerFault;
        }
    }

    private final Kind kind;

    public ModelFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public ModelFailure(Kind kind, String message, Throwable cause) {
        super(message, kind.isTransient(), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
