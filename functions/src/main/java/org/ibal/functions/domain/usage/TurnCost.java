package org.ibal.functions.domain.usage;

/** A turn's cost in millionths of the currency: the model's tokens and the AWS infrastructure. */
public record TurnCost(long modelMicros, long infraMicros) {
    public long totalMicros() {
        return modelMicros + infraMicros;
    }
}
