package org.ibal.functions.handler;

import org.ibal.functions.domain.error.AccountSuspendedException;
import org.ibal.functions.domain.error.BudgetExhaustedException;
import org.ibal.functions.domain.error.ConflictException;
import org.ibal.functions.domain.error.ForbiddenException;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.InvalidInviteException;
import org.ibal.functions.domain.error.MessageTooLargeException;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.error.NotFoundException;
import org.ibal.functions.domain.error.QuotaExceededException;
import org.ibal.functions.domain.error.RateLimitedException;
import org.ibal.functions.domain.error.RegistrationClosedException;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.error.UnauthorizedException;
import org.ibal.functions.domain.error.UnknownActionException;

/** The one place where domain exceptions become protocol errors (docs/protocol.md, "Error codes" and HTTP API). */
public final class ErrorMapping {
    private static final String INTERNAL_MESSAGE = "something went wrong on our side; try again";
    private static final String UNAVAILABLE_MESSAGE = "the service is briefly unavailable; try again in a moment";

    private ErrorMapping() {}

    /** A WebSocket {@code error} frame's code, message and retryable flag. */
    public record WsError(String code, String message, boolean retryable) {}

    /** An HTTP error: status and {@code {"error":{"code","message"}}}. */
    public record HttpError(int status, String code, String message) {}

    public static WsError ws(Throwable failure) {
        if (Outages.is(failure)) {
            return new WsError("unavailable", UNAVAILABLE_MESSAGE + " (resend with the same clientMessageId)", true);
        }
        return switch (failure) {
            case MessageTooLargeException e -> new WsError("message_too_large", e.getMessage(), false);
            case InvalidInputException e -> new WsError("invalid_message", e.getMessage(), false);
            case UnknownActionException e -> new WsError("unknown_action", e.getMessage(), false);
            case RateLimitedException e -> new WsError("rate_limited", e.getMessage(), true);
            case QuotaExceededException e -> new WsError("quota_exceeded", e.getMessage(), false);
            case SessionNotFoundException e -> new WsError("session_not_found", e.getMessage(), false);
            case BudgetExhaustedException e -> new WsError("budget_exhausted", e.getMessage(), false);
            case NotFoundException e -> new WsError("not_found", e.getMessage(), false);
            case AccountSuspendedException e -> new WsError("account_suspended", e.getMessage(), false);
            case ModelUnavailableException e ->
                new WsError(
                        "model_unavailable",
                        "the model is unavailable" + (e.retryable() ? "; resend with the same clientMessageId" : ""),
                        e.retryable());
            default -> new WsError("internal", INTERNAL_MESSAGE, true);
        };
    }

    public static HttpError http(Throwable failure) {
        if (Outages.is(failure)) {
            return new HttpError(503, "unavailable", UNAVAILABLE_MESSAGE);
        }
        return switch (failure) {
            case InvalidInputException e -> new HttpError(400, "invalid_request", e.getMessage());
            case MessageTooLargeException e -> new HttpError(400, "invalid_request", e.getMessage());
            case UnauthorizedException e -> new HttpError(401, "unauthorized", e.getMessage());
            case SessionNotFoundException e -> new HttpError(404, "not_found", e.getMessage());
            case NotFoundException e -> new HttpError(404, "not_found", e.getMessage());
            case ForbiddenException e -> new HttpError(403, "forbidden", e.getMessage());
            case AccountSuspendedException e -> new HttpError(403, "account_suspended", e.getMessage());
            case BudgetExhaustedException e -> new HttpError(429, "budget_exhausted", e.getMessage());
            case ConflictException e -> new HttpError(409, "conflict", e.getMessage());
            case RegistrationClosedException e -> new HttpError(403, "registration_closed", e.getMessage());
            case InvalidInviteException e -> new HttpError(403, "invalid_invite", e.getMessage());
            case RateLimitedException e -> new HttpError(429, "rate_limited", e.getMessage());
            case QuotaExceededException e -> new HttpError(429, "rate_limited", e.getMessage());
            default -> new HttpError(500, "internal", INTERNAL_MESSAGE);
        };
    }

    /**
     * True for failures we did not foresee: those are logged with their stack trace. An outage is foreseen (one log
     * line each, see {@link Outages}), so a store that is down does not fill the log with traces.
     */
    public static boolean unexpected(Throwable failure) {
        return !(failure instanceof org.ibal.functions.domain.error.IbalException) && !Outages.is(failure);
    }
}
