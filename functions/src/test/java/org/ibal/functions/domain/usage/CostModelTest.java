package org.ibal.functions.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The cost model against a turn worked out by hand. Prices: the defaults (model $0.00015 in / $0.0006 out per 1K
 * tokens; WebSocket $1.00 per million messages, $0.25 per million connection minutes; Lambda $0.20 per million
 * requests, $0.0000133334 per GB-second on arm64; DynamoDB $0.625 per million write units, $0.125 per million read
 * units).
 */
class CostModelTest {
    private final CostModel model =
            new CostModel(Prices.withModelPrices("USD", new BigDecimal("0.00015"), new BigDecimal("0.0006")));

    @Test
    void aTurn_costsItsTokensAtTheModelsPrices_plusTheInfrastructureItUsed() {
        // 1,200 tokens in, 300 out:  1.2 × 0.00015 + 0.3 × 0.0006 = 0.00018 + 0.00018 = $0.00036 = 360 µ$
        TokenUsage tokens = new TokenUsage(1_200, 300, false);
        // 10 WebSocket messages:            10 × 1.00 / 1e6       = $0.0000100000
        // 2 connection minutes:             2 × 0.25 / 1e6        = $0.0000005000
        // 1 Lambda request:                 1 × 0.20 / 1e6        = $0.0000002000
        // 1 GB × 2 s = 2 GB-s:              2 × 0.0000133334      = $0.0000266668
        // 25 write units:                   25 × 0.625 / 1e6      = $0.0000156250
        // 8 read units:                     8 × 0.125 / 1e6       = $0.0000010000
        //                                                    sum  = $0.0000539918 → 54 µ$ (rounded)
        TurnFootprint footprint = new TurnFootprint(10, 2, 1, 2.0, 25, 8);

        TurnCost cost = model.cost(tokens, footprint);

        assertThat(cost.modelMicros()).isEqualTo(360);
        assertThat(cost.infraMicros()).isEqualTo(54);
        assertThat(cost.totalMicros()).isEqualTo(414);
    }

    @Test
    void aTurnsFootprint_countsWhatTheCodeSends() {
        // A 12-chunk reply of 40,000 bytes (two 32 KB units) that took 3 s on 1 GB, polling the stop flag 6 times.
        TurnFootprint footprint = TurnFootprint.of(12, 40_000, 3.0, 1.0, 6, false);

        assertThat(footprint.webSocketMessages())
                .as("question, ack, 12 chunks, a 2-unit message")
                .isEqualTo(16);
        assertThat(footprint.lambdaRequests()).isEqualTo(1);
        assertThat(footprint.lambdaGbSeconds()).isEqualTo(3.0);
        assertThat(footprint.dynamoWriteUnits())
                .as("26 + 39 KB of reply beyond the first")
                .isEqualTo(TurnFootprint.BASE_WRITE_UNITS + 39);
        assertThat(footprint.dynamoReadUnits()).isEqualTo(TurnFootprint.BASE_READ_UNITS + 6);
        assertThat(TurnFootprint.of(0, 10, 1, 1, 0, true).lambdaRequests())
                .as("async: the reply job too")
                .isEqualTo(2);
    }

    @Test
    void withoutProviderUsage_tokensAreEstimatedAtFourCharactersEach_andMarked() {
        assertThat(TokenUsage.estimate(401, 8)).isEqualTo(new TokenUsage(101, 2, true));
    }
}
