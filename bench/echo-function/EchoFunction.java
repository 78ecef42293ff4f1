import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's stand-in for the real functions (make bench MODE=gateway): no store, no model — it answers
 * hello with user_info and sendMessage with ack, 2 chunks and a message — the frames the real functions send
 * for a zero-delay demo reply, its nine deltas coalesced into two chunks — each pushed through the gateway's
 * @connections as the real functions do. What remains to measure is the gateway.
 * Plain JDK (a Lambda streaming handler by shape), compiled by the bench at run time.
 */
public final class EchoFunction {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern ROUTE = Pattern.compile("\"routeKey\":\"([^\"]+)\"");
  private static final Pattern CONNECTION = Pattern.compile("\"connectionId\":\"([^\"]+)\"");
  private static final Pattern DOMAIN = Pattern.compile("\"domainName\":\"([^\"]+)\"");
  private static final Pattern STAGE = Pattern.compile("\"stage\":\"([^\"]+)\"");
  private static final Pattern CLIENT_MESSAGE = Pattern.compile("clientMessageId\\\\\":\\\\\"([^\\\\]+)");
  private static final int CHUNKS = 2;

  public void handleRequest(InputStream input, OutputStream output) throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    String route = find(ROUTE, event);
    if (!route.equals("$connect") && !route.equals("$disconnect")) {
      String url = "http://" + find(DOMAIN, event) + "/" + find(STAGE, event) + "/@connections/" + find(CONNECTION, event);
      long now = System.currentTimeMillis();
      if (route.equals("hello")) {
        post(url, "{\"type\":\"user_info\",\"username\":\"bench\",\"sessionId\":\"s_bench\",\"ts\":" + now + "}");
      } else {
        String clientMessageId = find(CLIENT_MESSAGE, event);
        post(url, "{\"type\":\"ack\",\"clientMessageId\":\"" + clientMessageId + "\",\"messageId\":\"m_u\",\"sessionId\":\"s_bench\",\"ts\":" + now + "}");
        StringBuilder content = new StringBuilder();
        for (int seq = 0; seq < CHUNKS; seq++) {
          String delta = "word" + seq + " ";
          content.append(delta);
          post(url, "{\"type\":\"chunk\",\"messageId\":\"m_r\",\"replyTo\":\"m_u\",\"seq\":" + seq + ",\"delta\":\"" + delta + "\",\"ts\":" + now + "}");
        }
        post(url, "{\"type\":\"message\",\"messageId\":\"m_r\",\"replyTo\":\"m_u\",\"role\":\"assistant\",\"content\":\""
            + content + "\",\"sessionId\":\"s_bench\",\"stopped\":false,\"ts\":" + now + "}");
      }
    }
    output.write("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
  }

  private static void post(String url, String frame) throws IOException {
    try {
      HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(frame)).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : "";
  }
}
