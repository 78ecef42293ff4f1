package org.ibal.functions.domain.error;

/**
 * The credentials are missing or bad. The message is deliberately generic (it reaches the client);
 * the precise reason, safe to log, is in {@link #reason()}.
 */
public class UnauthorizedException extends IbalException {
    private final String reason;

    public UnauthorizedException(String clientMessage, String reason) {
        super(clientMessage);
        this.reason = reason;
    }

    public static UnauthorizedException badToken(String reason) {
        return new UnauthorizedException("invalid or expired credentials; sign in again", reason);
    }

    public String reason() {
        return reason;
    }
}
