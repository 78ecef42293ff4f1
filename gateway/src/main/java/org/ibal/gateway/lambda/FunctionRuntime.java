package org.ibal.gateway.lambda;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ibal.gateway.template.FunctionSpec;

/**
 * The functions of a template, started once and invoked on virtual threads. An invocation that outlives
 * the integration timeout keeps running (as on AWS); the caller gets {@link Outcome.TimedOut}.
 */
public final class FunctionRuntime implements AutoCloseable {
  private final CodeLoaders loaders = new CodeLoaders();
  private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
  private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("lambda-", 0).factory());

  /**
   * Loads and instantiates every function, one after the other: functions sharing a jar share its
   * static state (Spring Boot's logging system among it), which does not tolerate concurrent starts.
   */
  public FunctionRuntime(Map<String, FunctionSpec> specs, String region) {
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
    LambdaFunction function = functions.get(functionId);
    if (function == null) {
      return new Outcome.Failed("no function " + functionId);
    }
    CompletableFuture<byte[]> call = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        call.complete(function.invoke(event, requestId));
      } catch (Throwable e) {
        call.completeExceptionally(e);
      }
    });
    try {
      return new Outcome.Success(call.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return new Outcome.TimedOut();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      System.err.println("[gateway] " + cause.getMessage());
      if (cause.getCause() != null) {
        cause.getCause().printStackTrace(System.err);
      }
      return new Outcome.Failed(cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Failed("interrupted");
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      loaders.close();
    } catch (IOException e) {
      System.err.println("[gateway] closing function class loaders: " + e);
    }
  }
}
