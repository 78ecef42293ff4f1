package org.ibal.functions.domain.error;

/** A WebSocket frame names an action nobody handles. */
public class UnknownActionException extends IbalException {
    public UnknownActionException(String action) {
        super(action == null ? "the frame has no action" : "unknown action: " + action);
    }
}
