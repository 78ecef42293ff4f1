package org.ibal.functions.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.ibal.functions.adapter.token.SigningKeyWarmUp;
import org.ibal.functions.support.TestKeys;
import org.junit.jupiter.api.Test;

class SigningKeyWarmUpTest {
    @Test
    void warmUp_runsOnADaemonThread_andEnds() throws InterruptedException {
        Thread warmUp = SigningKeyWarmUp.start(TestKeys.ecKey("k-warm"));

        assertThat(warmUp.isDaemon()).isTrue();
        warmUp.join(10_000);
        assertThat(warmUp.isAlive()).isFalse();
    }

    @Test
    void aKeyItCannotSignWith_isLeftToTheTokenService_nothingEscapesTheThread() throws InterruptedException {
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> escaped.set(failure));
        try {
            SigningKeyWarmUp.start(TestKeys.ecKey("k-public").toPublicJWK()).join(10_000);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(escaped.get()).isNull();
    }
}
