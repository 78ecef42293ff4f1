package org.ibal.functions.domain.error;

/**
 * An Open edX sign-in could not finish. {@link #code()} is the protocol code the popup posts to the LMS page
 * ({@code access_denied}, {@code invalid_state}, {@code exchange_failed}, {@code lms_unavailable},
 * {@code invalid_token}); the message is for the learner; {@link #reason()} is the precise cause, safe to log
 * (it never holds a code, state or token).
 */
public class SignInFailedException extends IbalException {
    private final String code;
    private final String reason;

    public SignInFailedException(String code, String learnerMessage, String reason) {
        super(learnerMessage);
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
