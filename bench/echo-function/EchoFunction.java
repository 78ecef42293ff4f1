import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's stand-in for the real functions (make bench MODE=gateway): no store, no model — it answers
 * hello with user_info and sendMessage with ack, 2 chunks and a message — the frames the real functions send
 * for a zero-delay demo reply, its nine deltas coalesced into two chunks — each pushed through the gateway's
 * @connections as the real functions do: at MANAGEMENT_API_ENDPOINT, SigV4-signed with the credentials the gateway
 * hands its functions. What remains to measure is the gateway.
 * Plain JDK (a Lambda streaming handler by shape), compiled by the bench at run time.
 */
public final class EchoFunction {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern ROUTE = Pattern.compile("\"routeKey\":\"([^\"]+)\"");
  private static final Pattern CONNECTION = Pattern.compile("\"connectionId\":\"([^\"]+)\"");
  private static final Pattern CLIENT_MESSAGE = Pattern.compile("clientMessageId\\\\\":\\\\\"([^\\\\]+)");
  private static final int CHUNKS = 2;

  public void handleRequest(InputStream input, OutputStream output) throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    String route = find(ROUTE, event);
    if (!route.equals("$connect") && !route.equals("$disconnect")) {
      String url = System.getProperty("MANAGEMENT_API_ENDPOINT") + "/@connections/" + find(CONNECTION, event);
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
    byte[] body = frame.getBytes(StandardCharsets.UTF_8);
    URI uri = URI.create(url);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    sign(request, uri, body);
    try {
      HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** SigV4 for execute-api, signing host and x-amz-date as the AWS CLI does: the gateway accepts no unsigned push. */
  private static void sign(HttpRequest.Builder request, URI uri, byte[] body) {
    try {
      String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
      String day = amzDate.substring(0, 8);
      String region = System.getProperty("AWS_REGION", "us-east-1");
      StringBuilder path = new StringBuilder();
      for (byte b : uri.getRawPath().getBytes(StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xff);
        boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0;
        path.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
      }
      String canonical = "POST\n" + path + "\n\nhost:" + uri.getHost() + ":" + uri.getPort() + "\nx-amz-date:" + amzDate
          + "\n\nhost;x-amz-date\n" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      String scope = day + "/" + region + "/execute-api/aws4_request";
      String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
      byte[] key = ("AWS4" + System.getProperty("aws.secretAccessKey")).getBytes(StandardCharsets.UTF_8);
      for (String part : new String[] {day, region, "execute-api", "aws4_request"}) {
        key = hmac(key, part);
      }
      request.header("X-Amz-Date", amzDate).header("Authorization", "AWS4-HMAC-SHA256 Credential="
          + System.getProperty("aws.accessKeyId") + "/" + scope + ", SignedHeaders=host;x-amz-date, Signature="
          + HexFormat.of().formatHex(hmac(key, toSign)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : "";
  }
}
