package org.ibal.functions.domain.error;

/** The class reached its monthly budget or its daily message quota ({@code budget_exhausted}, not retryable). */
public class BudgetExhaustedException extends IbalException {
    public BudgetExhaustedException(String message) {
        super(message);
    }
}
