import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for the IBAL gateway: starts a fresh gateway (in-memory store, demo model pausing
 * {@code --model-delay-ms} before each of its deltas) as a child process on 127.0.0.1, then drives N
 * concurrent clients through the full path — register → WebSocket connect with the token → hello →
 * sendMessage → final message — and reports connections held, connects/s, messages/s (closed loop),
 * latency at a fixed 100 messages/s, the gateway's RSS, and the streaming path per reply: frames
 * received, PostToConnection calls the gateway delivered, and the time to the first chunk. Run with {@code java bench/src/Bench.java --clients 1000 --seconds 20} (make bench).
 */
public final class Bench {
  private static final Pattern SESSION = Pattern.compile("\"sessionId\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");
  private static final Pattern POSTS = Pattern.compile("\"postsToConnection\":(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private int clients = 1000;
  private int seconds = 20;
  private int steadyRate = 100;
  private Path jar = Path.of("gateway/target/ibal-gateway.jar");
  private Path out = Path.of("bench/results");
  private String jvmOptions = "-XX:+UseSerialGC -Xmx320m";
  /** The demo model's pause before each delta: 0 measures the path alone; ~20 lets chunks coalesce deltas. */
  private int modelDelayMs = 0;
  /** Unmeasured closed-loop traffic first, so the figures show JIT-compiled code (C2 needs tens of seconds here). */
  private int warmupSeconds = 10;
  /** full: template.yaml and the real functions; gateway: bench/echo-template.yaml (no store, no model). */
  private String mode = "full";
  private Process gateway;
  private String base;
  /** The gateway's internal listener: its health counter lives there, never on the public port. */
  private String internal;
  private final List<long[]> rssTimeline = new CopyOnWriteArrayList<>();
  private final long started = System.nanoTime();

  public static void main(String[] args) throws Exception {
    Bench bench = new Bench();
    bench.parse(args);
    try {
      bench.run();
    } finally {
      bench.stopGateway();
    }
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--clients" -> clients = Math.min(5000, Integer.parseInt(value));
        case "--seconds" -> seconds = Math.min(300, Integer.parseInt(value));
        case "--rate" -> steadyRate = Math.min(1000, Integer.parseInt(value));
        case "--jar" -> jar = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--jvm" -> jvmOptions = value;
        case "--mode" -> mode = value;
        case "--model-delay-ms" -> modelDelayMs = Math.min(1000, Integer.parseInt(value));
        case "--warmup-seconds" -> warmupSeconds = Math.min(300, Integer.parseInt(value));
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --clients N --seconds S"
            + " --warmup-seconds W --rate R --mode full|gateway --model-delay-ms D --jar PATH --out DIR --jvm OPTS)");
      }
    }
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    startGateway();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> rssTimeline.add(new long[] {elapsedMillis(), rssKb()}), 0, 500, TimeUnit.MILLISECONDS);
    long idleRss = rssKb();

    int users = Math.max(1, Math.min(clients, 20));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      tokens.add(mode.equals("gateway") ? "bench" : register("bench" + i + "_" + Long.toHexString(System.nanoTime() & 0xffffff)));
    }

    // Phase 1: open every connection (64 handshakes in flight) and say hello.
    List<Client> connected = new CopyOnWriteArrayList<>();
    Semaphore inFlight = new Semaphore(64);
    AtomicInteger failures = new AtomicInteger();
    long connectStart = System.nanoTime();
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      inFlight.acquire();
      String token = tokens.get(i % users);
      opening.add(CompletableFuture.runAsync(() -> {
        try {
          connected.add(Client.open(base.replace("http", "ws") + "/prod?token=" + token));
        } catch (Exception e) {
          failures.incrementAndGet();
        } finally {
          inFlight.release();
        }
      }, Executors.newVirtualThreadPerTaskExecutor()));
    }
    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    Thread.sleep(2000);
    long heldRss = rssKb();
    System.out.printf(Locale.ROOT, "connections held: %d (%d failed), %.0f connects/s, gateway RSS %d MB (idle %d MB)%n",
        connected.size(), failures.get(), connected.size() / connectSeconds, heldRss / 1024, idleRss / 1024);

    if (warmupSeconds > 0) {
      Phase warmup = closedLoop(connected, Duration.ofSeconds(warmupSeconds));
      System.out.printf(Locale.ROOT, "warm-up: %d s, %.0f messages/s (not reported)%n", warmupSeconds, warmup.rate());
    }

    // Phase 2: closed loop — every connection sends its next message as soon as the last is answered.
    Phase saturated = closedLoop(connected, Duration.ofSeconds(seconds));
    System.out.printf(Locale.ROOT, "closed loop: %.0f messages/s over %d clients, latency p50 %.1f ms p99 %.1f ms, errors %d%n",
        saturated.rate(), connected.size(), saturated.p(50), saturated.p(99), saturated.errors);
    printStreaming(saturated);

    // Phase 3: a steady 100 messages/s, spread over the connections.
    Phase steady = openLoop(connected, steadyRate, Duration.ofSeconds(Math.max(5, seconds / 2)));
    System.out.printf(Locale.ROOT, "steady %d/s: %.0f messages/s, latency p50 %.1f ms p99 %.1f ms, errors %d%n",
        steadyRate, steady.rate(), steady.p(50), steady.p(99), steady.errors);
    printStreaming(steady);

    long peakRss = rssTimeline.stream().mapToLong(s -> s[1]).max().orElse(0);
    sampler.shutdownNow();
    for (Client client : connected) {
      client.socket.abort();
    }
    String json = json(connected.size(), failures.get(), connected.size() / connectSeconds, idleRss, heldRss, peakRss, saturated, steady);
    Files.writeString(out.resolve("bench.json"), json);
    Files.writeString(out.resolve("bench.html"), html(json, saturated, steady));
    System.out.println("peak gateway RSS " + peakRss / 1024 + " MB; wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.html"));
  }

  private static void printStreaming(Phase phase) {
    System.out.printf(Locale.ROOT, "  per reply: %.1f frames, %.1f PostToConnection calls; first chunk p50 %.1f ms p99 %.1f ms%n",
        phase.framesPerReply(), phase.postsPerReply(), phase.firstChunkP(50), phase.firstChunkP(99));
  }

  /** PostToConnection calls the gateway delivered so far (its /_gateway/health counter). */
  private long postsToConnection() throws Exception {
    String health = HTTP.send(HttpRequest.newBuilder(URI.create(internal + "/_gateway/health")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher posts = POSTS.matcher(health);
    return posts.find() ? Long.parseLong(posts.group(1)) : -1;
  }

  private Phase closedLoop(List<Client> connected, Duration duration) throws Exception {
    Phase phase = new Phase(duration);
    long postsBefore = postsToConnection();
    long end = System.nanoTime() + duration.toNanos();
    for (Client client : connected) {
      client.onReply = (latency, error, frames, firstChunk) -> {
        phase.record(latency, error, frames, firstChunk);
        if (System.nanoTime() < end) {
          client.sendMessage();
        }
      };
      client.sendMessage();
    }
    Thread.sleep(duration.toMillis());
    awaitQuiet(connected);
    phase.posts = postsToConnection() - postsBefore;
    return phase;
  }

  private Phase openLoop(List<Client> connected, int rate, Duration duration) throws Exception {
    Phase phase = new Phase(duration);
    long postsBefore = postsToConnection();
    ConcurrentLinkedQueue<Client> idle = new ConcurrentLinkedQueue<>(connected);
    for (Client client : connected) {
      client.onReply = (latency, error, frames, firstChunk) -> {
        phase.record(latency, error, frames, firstChunk);
        idle.add(client);
      };
    }
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long periodMicros = 1_000_000L / rate;
    AtomicLong skipped = new AtomicLong();
    ticker.scheduleAtFixedRate(() -> {
      Client next = idle.poll();
      if (next == null) {
        skipped.incrementAndGet();
      } else {
        next.sendMessage();
      }
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    Thread.sleep(duration.toMillis());
    ticker.shutdownNow();
    awaitQuiet(connected);
    phase.posts = postsToConnection() - postsBefore;
    phase.errors += (int) skipped.get();
    return phase;
  }

  private static void awaitQuiet(List<Client> connected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (connected.stream().anyMatch(c -> c.pendingSince != 0) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private String register(String username) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"bench-password-1\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    Matcher token = TOKEN.matcher(response.body());
    if (response.statusCode() != 201 || !token.find()) {
      throw new IllegalStateException("register failed: " + response.statusCode() + " " + response.body());
    }
    return token.group(1);
  }

  private void startGateway() throws Exception {
    int port;
    int internalPort;
    try (ServerSocket socket = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
      port = socket.getLocalPort();
      internalPort = other.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    internal = "http://127.0.0.1:" + internalPort;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(jvmOptions.split("\\s+")));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.resolve("gateway.log").toFile());
    Map<String, String> env = builder.environment();
    if (mode.equals("gateway")) {
      compileEchoFunction();
      env.put("IBAL_TEMPLATE", "bench/echo-template.yaml");
    } else if (!mode.equals("full")) {
      throw new IllegalArgumentException("--mode is full or gateway, not " + mode);
    }
    env.putAll(Map.of("IBAL_HOST", "127.0.0.1", "IBAL_PORT", String.valueOf(port), "IBAL_STORE", "memory",
        "IBAL_INTERNAL_PORT", String.valueOf(internalPort),
        "IBAL_STATIC_DIR", "/nonexistent", "DEMO_MODEL_DELAY_MS", String.valueOf(modelDelayMs), "BCRYPT_COST", "4"));
    // likewise the gateway's per-connection frame rate: one bench client may send far more than a learner
    env.put("IBAL_WS_MESSAGES_PER_SECOND", "0");
    // the functions' abuse limits would (rightly) stop a load test; lift them for this run only
    env.putAll(Map.of("MESSAGE_RATE_PER_MINUTE", "10000000", "DAILY_MESSAGE_QUOTA", "10000000",
        "CONNECT_RATE_PER_MINUTE", "10000000", "REGISTRATIONS_PER_IP_PER_HOUR", "10000000"));
    gateway = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("the gateway exited; see " + out.resolve("gateway.log"));
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(internal + "/_gateway/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          System.out.println("gateway pid " + gateway.pid() + " ready at " + base);
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException("the gateway did not start within 120 s");
  }

  private void compileEchoFunction() throws IOException {
    Path classes = Path.of("bench/results/echo-function");
    Files.createDirectories(classes);
    int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "--release", "21", "-d", classes.toString(), "bench/echo-function/EchoFunction.java");
    if (status != 0) {
      throw new IllegalStateException("could not compile bench/echo-function/EchoFunction.java");
    }
  }

  private void stopGateway() throws InterruptedException {
    if (gateway != null && gateway.isAlive()) {
      gateway.destroy();
      if (!gateway.waitFor(15, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
  }

  private long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(gateway.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      // the process has ended
    }
    return 0;
  }

  private long elapsedMillis() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Latencies (ms), errors and the streaming figures of one phase. */
  static final class Phase {
    final Duration duration;
    final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Double> firstChunks = new ConcurrentLinkedQueue<>();
    volatile int errors;
    /** Frames the clients received for their replies (ack, chunks, final), and what the gateway delivered. */
    long frames;
    long replies;
    volatile long posts;
    private double[] sorted;
    private double[] sortedFirstChunks;

    Phase(Duration duration) {
      this.duration = duration;
    }

    synchronized void record(double latencyMillis, boolean error, int replyFrames, double firstChunkMillis) {
      replies++;
      frames += replyFrames;
      if (error) {
        errors++;
      } else {
        latencies.add(latencyMillis);
      }
      if (!Double.isNaN(firstChunkMillis)) {
        firstChunks.add(firstChunkMillis);
      }
    }

    double rate() {
      return latencies.size() / (duration.toMillis() / 1000.0);
    }

    double p(double percentile) {
      if (sorted == null) {
        sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      }
      return percentile(sorted, percentile);
    }

    double firstChunkP(double percentile) {
      if (sortedFirstChunks == null) {
        sortedFirstChunks = firstChunks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      }
      return percentile(sortedFirstChunks, percentile);
    }

    synchronized double framesPerReply() {
      return replies == 0 ? Double.NaN : (double) frames / replies;
    }

    /** Every frame is one PostToConnection on AWS, so this should equal {@link #framesPerReply()}. */
    synchronized double postsPerReply() {
      return replies == 0 || posts < 0 ? Double.NaN : (double) posts / replies;
    }

    private static double percentile(double[] sorted, double percentile) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /** One WebSocket client with at most one message in flight. */
  static final class Client implements WebSocket.Listener {
    interface Reply {
      /** @param firstChunkMillis NaN when the reply had no chunk */
      void done(double latencyMillis, boolean error, int frames, double firstChunkMillis);
    }

    WebSocket socket;
    volatile Reply onReply;
    volatile long pendingSince;
    private int framesThisReply;
    private long firstChunkAt;
    String sessionId;
    private final CompletableFuture<String> hello = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong sequence = new AtomicLong();

    static Client open(String url) throws Exception {
      Client client = new Client();
      client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
          .buildAsync(URI.create(url), client).get(60, TimeUnit.SECONDS);
      client.socket.sendText("{\"action\":\"hello\"}", true).join();
      String info = client.hello.get(60, TimeUnit.SECONDS);
      Matcher session = SESSION.matcher(info);
      if (!session.find()) {
        throw new IllegalStateException("no session in " + info);
      }
      client.sessionId = session.group(1);
      return client;
    }

    void sendMessage() {
      framesThisReply = 0;
      firstChunkAt = 0;
      pendingSince = System.nanoTime();
      String id = "b-" + System.identityHashCode(this) + "-" + sequence.incrementAndGet();
      socket.sendText("{\"action\":\"sendMessage\",\"sessionId\":\"" + sessionId + "\",\"clientMessageId\":\"" + id
          + "\",\"content\":\"How do tides work?\"}", true);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        if (!hello.isDone()) {
          if (frame.contains("\"type\":\"user_info\"")) {
            hello.complete(frame);
          }
        } else {
          framesThisReply++;
          if (firstChunkAt == 0 && frame.contains("\"type\":\"chunk\"")) {
            firstChunkAt = System.nanoTime();
          }
          if (frame.contains("\"type\":\"message\"") || frame.contains("\"type\":\"error\"")
              || frame.startsWith("{\"message\": ")) {
            long since = pendingSince;
            pendingSince = 0;
            Reply reply = onReply;
            if (reply != null && since != 0) {
              double firstChunk = firstChunkAt == 0 ? Double.NaN : (firstChunkAt - since) / 1e6;
              reply.done((System.nanoTime() - since) / 1e6, !frame.contains("\"type\":\"message\""), framesThisReply,
                  firstChunk);
            }
          }
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  private String json(int held, int failed, double connectsPerSecond, long idleRss, long heldRss, long peakRss,
      Phase saturated, Phase steady) {
    StringBuilder rss = new StringBuilder();
    for (long[] sample : rssTimeline) {
      rss.append(rss.isEmpty() ? "" : ",").append("[").append(sample[0]).append(",").append(sample[1] / 1024).append("]");
    }
    return String.format(Locale.ROOT, """
        {
          "when": "%s",
          "mode": "%s",
          "machine": {"cpus": %d},
          "clients": %d,
          "connectionsHeld": %d,
          "connectFailures": %d,
          "connectsPerSecond": %.1f,
          "gatewayRssMb": {"idle": %d, "holdingConnections": %d, "peak": %d},
          "modelDelayMs": %d,
          "warmupSeconds": %d,
          "closedLoop": {"seconds": %d, "messagesPerSecond": %.1f, "latencyMs": {"p50": %.2f, "p90": %.2f, "p99": %.2f}, "errors": %d, %s},
          "steady": {"targetPerSecond": %d, "seconds": %d, "messagesPerSecond": %.1f, "latencyMs": {"p50": %.2f, "p90": %.2f, "p99": %.2f}, "errors": %d, %s},
          "rssTimelineMb": [%s]
        }
        """, Instant.now(), mode, Runtime.getRuntime().availableProcessors(), clients, held, failed, connectsPerSecond,
        idleRss / 1024, heldRss / 1024, peakRss / 1024, modelDelayMs, warmupSeconds,
        saturated.duration.toSeconds(), saturated.rate(), saturated.p(50), saturated.p(90), saturated.p(99), saturated.errors,
        streamingJson(saturated),
        steadyRate, steady.duration.toSeconds(), steady.rate(), steady.p(50), steady.p(90), steady.p(99), steady.errors,
        streamingJson(steady), rss);
  }

  private static String streamingJson(Phase phase) {
    return String.format(Locale.ROOT, "\"replies\": %d, \"framesPerReply\": %s, \"postToConnectionPerReply\": %s, "
        + "\"firstChunkMs\": {\"p50\": %s, \"p99\": %s}", phase.replies, number(phase.framesPerReply()),
        number(phase.postsPerReply()), number(phase.firstChunkP(50)), number(phase.firstChunkP(99)));
  }

  /** JSON has no NaN. */
  private static String number(double value) {
    return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.2f", value);
  }

  private String html(String json, Phase saturated, Phase steady) {
    double[] values = {saturated.p(50), saturated.p(90), saturated.p(99), steady.p(50), steady.p(90), steady.p(99),
        saturated.firstChunkP(50), saturated.firstChunkP(99), steady.firstChunkP(50), steady.firstChunkP(99)};
    String[] labels = {"closed p50", "closed p90", "closed p99", "100/s p50", "100/s p90", "100/s p99",
        "1st chunk p50", "1st chunk p99", "100/s 1st p50", "100/s 1st p99"};
    double max = Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElse(1);
    StringBuilder bars = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      double height = Double.isNaN(values[i]) ? 0 : values[i] / max * 200;
      int x = 40 + i * 80;
      bars.append(String.format(Locale.ROOT,
          "<rect x='%d' y='%.1f' width='60' height='%.1f' fill='%s'/><text x='%d' y='%.1f' font-size='12'>%.1f ms</text>"
              + "<text x='%d' y='245' font-size='11'>%s</text>",
          x, 220 - height, height, i < 3 ? "#7a5af5" : i < 6 ? "#2aa198" : "#b58900", x, 214 - height, values[i], x - 4,
          labels[i]));
    }
    long rssMax = rssTimeline.stream().mapToLong(s -> s[1]).max().orElse(1);
    long tMax = rssTimeline.isEmpty() ? 1 : Math.max(1, rssTimeline.get(rssTimeline.size() - 1)[0]);
    StringBuilder line = new StringBuilder();
    for (long[] sample : rssTimeline) {
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", 40 + sample[0] * 520.0 / tMax, 220 - sample[1] * 200.0 / rssMax));
    }
    return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>IBAL gateway bench</title>
        <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto}pre{background:#f4f4f4;padding:1rem}</style></head>
        <body><h1>IBAL gateway bench (%s)</h1>
        <h2>Latency, sendMessage to final message and to the first chunk</h2>
        <svg width="840" height="260" role="img" aria-label="latency percentiles">%s</svg>
        <p>Demo model pausing %d ms per delta. Per reply: closed loop %s frames, %s PostToConnection calls;
        steady %s frames, %s PostToConnection calls.</p>
        <h2>Gateway RSS over the run (peak %d MB)</h2>
        <svg width="600" height="240" role="img" aria-label="gateway RSS"><polyline fill="none" stroke="#d33682" stroke-width="2" points="%s"/>
        <text x="40" y="235" font-size="11">0 s</text><text x="520" y="235" font-size="11">%d s</text></svg>
        <h2>Figures</h2><pre>%s</pre></body></html>
        """.formatted(mode, bars, modelDelayMs, number(saturated.framesPerReply()), number(saturated.postsPerReply()),
        number(steady.framesPerReply()), number(steady.postsPerReply()), rssMax / 1024, line, tMax / 1000, json);
  }
}
