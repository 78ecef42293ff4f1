package org.ibal.functions.domain.usage;

import java.math.BigDecimal;

/**
 * List prices the cost model uses, in {@code currency} (docs/deploy.md, "Cost"). Model prices come from settings;
 * the AWS ones are us-east-1 on-demand list prices (Lambda on arm64, as template.yaml deploys it).
 */
public record Prices(
        String currency,
        BigDecimal modelInPer1k,
        BigDecimal modelOutPer1k,
        BigDecimal webSocketPerMillionMessages,
        BigDecimal connectionPerMillionMinutes,
        BigDecimal lambdaPerMillionRequests,
        BigDecimal lambdaPerGbSecond,
        BigDecimal dynamoPerMillionWriteUnits,
        BigDecimal dynamoPerMillionReadUnits) {

    /** API Gateway WebSocket: $1.00 per million messages (32 KB units), $0.25 per million connection minutes. */
    public static final BigDecimal WEBSOCKET_PER_MILLION_MESSAGES = new BigDecimal("1.00");

    public static final BigDecimal CONNECTION_PER_MILLION_MINUTES = new BigDecimal("0.25");
    /** Lambda: $0.20 per million requests; $0.0000133334 per GB-second on arm64 (x86: $0.0000166667). */
    public static final BigDecimal LAMBDA_PER_MILLION_REQUESTS = new BigDecimal("0.20");

    public static final BigDecimal LAMBDA_ARM_PER_GB_SECOND = new BigDecimal("0.0000133334");
    /** DynamoDB on-demand since 1 November 2024: $0.625 per million write units, $0.125 per million read units. */
    public static final BigDecimal DYNAMO_PER_MILLION_WRITE_UNITS = new BigDecimal("0.625");

    public static final BigDecimal DYNAMO_PER_MILLION_READ_UNITS = new BigDecimal("0.125");

    /** The AWS list prices above with the operator's model prices. */
    public static Prices withModelPrices(String currency, BigDecimal modelInPer1k, BigDecimal modelOutPer1k) {
        return new Prices(
                currency,
                modelInPer1k,
                modelOutPer1k,
                WEBSOCKET_PER_MILLION_MESSAGES,
                CONNECTION_PER_MILLION_MINUTES,
                LAMBDA_PER_MILLION_REQUESTS,
                LAMBDA_ARM_PER_GB_SECOND,
                DYNAMO_PER_MILLION_WRITE_UNITS,
                DYNAMO_PER_MILLION_READ_UNITS);
    }
}
