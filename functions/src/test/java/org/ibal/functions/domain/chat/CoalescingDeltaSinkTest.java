package org.ibal.functions.domain.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ibal.functions.support.MutableClock;
import org.junit.jupiter.api.Test;

class CoalescingDeltaSinkTest {
    static final Duration WINDOW = Duration.ofMillis(100);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    final ManualScheduler scheduler = new ManualScheduler();
    final List<String> pushes = new ArrayList<>();
    final CoalescingDeltaSink sink = new CoalescingDeltaSink(pushes::add, WINDOW, clock, scheduler);

    /** Timers that fire when the test moves the clock past them. */
    final class ManualScheduler implements CoalescingDeltaSink.Scheduler {
        record Timer(Instant due, Runnable task, boolean[] cancelled) {}

        final List<Timer> timers = new ArrayList<>();

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            Timer timer = new Timer(clock.instant().plus(delay), task, new boolean[1]);
            timers.add(timer);
            return () -> timer.cancelled()[0] = true;
        }

        void advance(Duration duration) {
            clock.advance(duration);
            for (Timer timer : List.copyOf(timers)) {
                if (!timer.cancelled()[0] && !clock.instant().isBefore(timer.due())) {
                    timers.remove(timer);
                    timer.task().run();
                }
            }
        }

        long pending() {
            return timers.stream().filter(t -> !t.cancelled()[0]).count();
        }
    }

    @Test
    void theFirstDeltaGoesOutAtOnce_laterOnesWaitForTheWindow() {
        sink.delta("The");
        assertThat(pushes).containsExactly("The");

        sink.delta(" quick");
        scheduler.advance(Duration.ofMillis(30));
        sink.delta(" brown");
        scheduler.advance(Duration.ofMillis(30));
        sink.delta(" fox");
        assertThat(pushes).containsExactly("The");

        scheduler.advance(Duration.ofMillis(40));
        assertThat(pushes).containsExactly("The", " quick brown fox");
    }

    @Test
    void aDeltaArrivingAfterTheWindow_flushesEvenIfTheTimerIsLate() {
        sink.delta("A");
        sink.delta("b");
        clock.advance(Duration.ofMillis(150));
        sink.delta("c");

        assertThat(pushes).containsExactly("A", "bc");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void close_flushesWhatIsPending_inOrder_andOnlyOnce() {
        sink.delta("One");
        sink.delta(" two");
        sink.delta(" three");
        sink.close();
        scheduler.advance(Duration.ofMillis(200));
        sink.close();

        assertThat(pushes).containsExactly("One", " two three");
        assertThat(String.join("", pushes)).isEqualTo("One two three");
    }

    @Test
    void eachWindowOpensWithItsFirstDelta() {
        sink.delta("A");
        sink.delta("b");
        scheduler.advance(Duration.ofMillis(100));
        scheduler.advance(Duration.ofMillis(500));
        sink.delta("c");
        scheduler.advance(Duration.ofMillis(99));
        assertThat(pushes).containsExactly("A", "b");

        scheduler.advance(Duration.ofMillis(1));
        assertThat(pushes).containsExactly("A", "b", "c");
    }

    @Test
    void aPushThatFailedOnTheTimer_isRethrownToTheModelsNextDelta() {
        List<String> delivered = new ArrayList<>();
        RuntimeException gone = new IllegalStateException("connection gone");
        CoalescingDeltaSink failing = new CoalescingDeltaSink(
                text -> {
                    if (!delivered.isEmpty()) {
                        throw gone;
                    }
                    delivered.add(text);
                },
                WINDOW,
                clock,
                scheduler);
        failing.delta("A");
        failing.delta("b");

        scheduler.advance(WINDOW);

        assertThatThrownBy(() -> failing.delta("c")).isSameAs(gone);
    }

    @Test
    void emptyDeltasAreNotPushed() {
        sink.delta("");
        sink.delta("A");
        sink.delta("");
        sink.close();

        assertThat(pushes).containsExactly("A");
    }
}
