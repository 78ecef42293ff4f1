package org.ibal.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ibal.gateway.websocket.InboundRate.Decision;
import org.junit.jupiter.api.Test;

class InboundRateTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** {@code perSecond} frames a second, evenly, for {@code seconds}; the decisions in order. */
    private List<Decision> send(InboundRate rate, int perSecond, int seconds) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < perSecond * seconds; i++) {
            decisions.add(rate.admit());
            advanceMillis(1000 / perSecond);
        }
        return decisions;
    }

    @Test
    void aBurstUpToTheBucketSize_isRouted_thenFramesAreThrottled_andTheClientToldOnceASecond() {
        InboundRate rate = new InboundRate(10, 20, now::get);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            decisions.add(rate.admit());
        }
        assertThat(decisions.subList(0, 20)).containsOnly(Decision.ROUTE);
        assertThat(decisions.subList(20, 25))
                .containsExactly(
                        Decision.THROTTLE_AND_ANSWER,
                        Decision.THROTTLE,
                        Decision.THROTTLE,
                        Decision.THROTTLE,
                        Decision.THROTTLE);

        advanceMillis(500); // five tokens back, and still within the second of the last answer
        for (int i = 0; i < 5; i++) {
            assertThat(rate.admit()).isEqualTo(Decision.ROUTE);
        }
        assertThat(rate.admit()).isEqualTo(Decision.THROTTLE);
        advanceMillis(550);
        for (int i = 0; i < 5; i++) {
            assertThat(rate.admit()).isEqualTo(Decision.ROUTE);
        }
        assertThat(rate.admit()).isEqualTo(Decision.THROTTLE_AND_ANSWER);
    }

    @Test
    void sendingAtTheRate_isNeverThrottled() {
        InboundRate rate = new InboundRate(10, 20, now::get);
        assertThat(send(rate, 10, 30)).containsOnly(Decision.ROUTE);
    }

    @Test
    void moreThanThreeTimesTheRateForFiveSeconds_closes() {
        InboundRate rate = new InboundRate(10, 20, now::get);
        List<Decision> decisions = send(rate, 40, 6);
        int closedAt = decisions.indexOf(Decision.CLOSE);
        assertThat(closedAt).as("closed in the fifth second").isBetween(4 * 40, 5 * 40);
    }

    @Test
    void aFloodOfFourSeconds_orOneAtThreeTimesTheRate_isThrottledButNotClosed() {
        InboundRate rate = new InboundRate(10, 20, now::get);
        assertThat(send(rate, 40, 4)).doesNotContain(Decision.CLOSE);
        advanceMillis(2000); // a quiet spell ends the streak
        assertThat(send(rate, 40, 4)).doesNotContain(Decision.CLOSE);
        advanceMillis(2000);
        assertThat(send(rate, 30, 20)).doesNotContain(Decision.CLOSE).contains(Decision.THROTTLE);
    }

    @Test
    void rateZero_meansNoLimit() {
        InboundRate rate = new InboundRate(0, 1, now::get);
        assertThat(send(rate, 1000, 6)).containsOnly(Decision.ROUTE);
    }
}
