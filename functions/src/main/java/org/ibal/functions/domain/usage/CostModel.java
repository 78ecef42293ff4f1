package org.ibal.functions.domain.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a turn costs: tokens at the model's prices per 1K, plus the infrastructure the turn used at AWS list prices.
 * Each part is rounded to the nearest micro-unit of the currency once, so a day's sum is off by at most half a
 * micro-unit per turn and part.
 */
public final class CostModel {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final Prices prices;

    public CostModel(Prices prices) {
        this.prices = prices;
    }

    public Prices prices() {
        return prices;
    }

    public TurnCost cost(TokenUsage tokens, TurnFootprint footprint) {
        BigDecimal model = BigDecimal.valueOf(tokens.tokensIn())
                .multiply(prices.modelInPer1k())
                .add(BigDecimal.valueOf(tokens.tokensOut()).multiply(prices.modelOutPer1k()))
                .divide(THOUSAND);
        BigDecimal infra = perMillion(footprint.webSocketMessages(), prices.webSocketPerMillionMessages())
                .add(perMillion(footprint.connectionMinutes(), prices.connectionPerMillionMinutes()))
                .add(perMillion(footprint.lambdaRequests(), prices.lambdaPerMillionRequests()))
                .add(BigDecimal.valueOf(footprint.lambdaGbSeconds()).multiply(prices.lambdaPerGbSecond()))
                .add(perMillion(footprint.dynamoWriteUnits(), prices.dynamoPerMillionWriteUnits()))
                .add(perMillion(footprint.dynamoReadUnits(), prices.dynamoPerMillionReadUnits()));
        return new TurnCost(micros(model), micros(infra));
    }

    private static BigDecimal perMillion(double count, BigDecimal price) {
        return BigDecimal.valueOf(count).multiply(price).divide(MILLION);
    }

    private static long micros(BigDecimal amount) {
        return amount.multiply(MILLION).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
