package org.ibal.functions.domain.error;

/** The input is malformed: not JSON, a missing, empty or ill-typed field. Fix the request; retrying will not help. */
public class InvalidInputException extends IbalException {
    public InvalidInputException(String message) {
        super(message);
    }
}
