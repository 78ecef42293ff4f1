package org.ibal.gateway.lambda;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ibal.gateway.template.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions of a template, started once and invoked on virtual threads. An invocation that outlives
 * the integration timeout keeps running (as on AWS); the caller gets {@link Outcome.TimedOut}.
 *
 * <p>On AWS every invocation has a CPU of its own; here they share the machine's. With a cap, invocations
 * beyond it wait in line (first come, first served), and one whose caller has given up before its turn is
 * dropped rather than run: an overloaded small machine then keeps answering at its capacity instead of
 * slowing every invocation past its timeouts.
 */
public final class FunctionRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionRuntime.class);

    private final CodeLoaders loaders = new CodeLoaders();
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lambda-", 0).factory());
    /** Slots for running invocations, handed out first come, first served; Integer.MAX_VALUE of them: no cap. */
    private final Semaphore permits;

    private final FailureLog failures;
    private final Map<String, FunctionSpec> specs;
    private final String region;

    /**
     * A runtime for {@code specs}; {@link #start} loads them.
     *
     * @param maxConcurrent invocations running at once, at most; 0 for no cap
     */
    public FunctionRuntime(Map<String, FunctionSpec> specs, String region, int maxConcurrent) {
        this(specs, region, maxConcurrent, FailureLog.Reporter.toLog());
    }

    /** @param log where failures are reported (each kind with its stack trace once, then counted) */
    FunctionRuntime(Map<String, FunctionSpec> specs, String region, int maxConcurrent, FailureLog.Reporter log) {
        this.specs = new LinkedHashMap<>(specs);
        this.region = region;
        this.permits = new Semaphore(maxConcurrent > 0 ? maxConcurrent : Integer.MAX_VALUE, true);
        this.failures = new FailureLog(log, System::nanoTime);
    }

    /**
     * Loads and instantiates every function, one after the other: functions sharing a jar share its static state
     * (Spring Boot's logging system among it), which does not tolerate concurrent starts. A function builds its
     * clients as it starts, so whatever the host offers it in-process ({@code InProcessOffer}) must be offered first.
     */
    public void start() {
        try {
            for (FunctionSpec spec : specs.values()) {
                functions.put(spec.logicalId(), new LambdaFunction(spec, loaders.forCode(spec.codeUri()), region));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Invokes {@code functionId} and waits at most {@code timeout}. Never throws for function failures. */
    public Outcome invoke(String functionId, byte[] event, String requestId, Duration timeout) {
        return invoke(functionId, event, requestId, timeout, () -> {});
    }

    /**
     * As {@link #invoke(String, byte[], String, Duration)}; {@code leftTheLine} runs once when the invocation stops
     * waiting for its slot — it starts, or it will never run.
     */
    public Outcome invoke(String functionId, byte[] event, String requestId, Duration timeout, Runnable leftTheLine) {
        Runnable once = once(leftTheLine);
        LambdaFunction function = functions.get(functionId);
        if (function == null) {
            once.run();
            return new Outcome.Failed("no function " + functionId);
        }
        CompletableFuture<byte[]> call = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    once.run();
                    call.completeExceptionally(e);
                    return;
                }
                once.run();
                run(function, event, requestId, call);
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            once.run();
            return new Outcome.Failed("the gateway is stopping");
        }
        try {
            return new Outcome.Success(call.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // A running invocation carries on regardless (as on AWS); one still waiting for a permit is dropped.
            call.cancel(false);
            return new Outcome.TimedOut();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failures.failed(functionId, cause.getMessage(), cause.getCause());
            return new Outcome.Failed(cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted");
        }
    }

    private void run(LambdaFunction function, byte[] event, String requestId, CompletableFuture<byte[]> call) {
        try {
            if (!call.isDone()) { // else the caller gave up while it waited for a permit
                call.complete(function.invoke(event, requestId));
            }
        } catch (Throwable e) {
            call.completeExceptionally(e);
        } finally {
            permits.release();
        }
    }

    private static Runnable once(Runnable action) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            loaders.close();
        } catch (IOException e) {
            LOG.warn("closing function class loaders failed: {}", e.toString());
        }
    }
}
