package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lambda's Invoke API on the gateway, so functions can invoke functions (sync and async) as on AWS. */
class LambdaInvokeApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.fixture(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static HttpResponse<String> invoke(String functionName, String type, String payload) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(gateway.httpUrl() + "/2015-03-31/functions/" + functionName + "/invocations"))
        .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (type != null) {
      request.header("X-Amz-Invocation-Type", type);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestResponse_returnsTheFunctionsAnswer_byNameOrArn() throws Exception {
    String event = "{\"rawPath\":\"/api/raw\"}";
    assertThat(invoke("HttpFunction", null, event).body()).isEqualTo("{\"hello\":\"world\"}");
    HttpResponse<String> byArn = invoke("arn:aws:lambda:us-east-1:000000000000:function:HttpFunction:live", "RequestResponse", event);
    assertThat(byArn.statusCode()).isEqualTo(200);
    assertThat(byArn.body()).isEqualTo("{\"hello\":\"world\"}");
  }

  @Test
  void crash_isAFunctionErrorWith200_andUnknownFunctionsAre404() throws Exception {
    HttpResponse<String> crashed = invoke("HttpFunction", null, "{\"rawPath\":\"/api/crash\"}");
    assertThat(crashed.statusCode()).isEqualTo(200);
    assertThat(crashed.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    HttpResponse<String> unknown = invoke("NoSuchFunction", null, "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
  }

  @Test
  void eventInvocation_answers202AtOnce_andTheFunctionRuns() throws Exception {
    try (WsClient client = WsClient.connect(gateway.webSocketUrl())) {
      client.send("{\"action\":\"connectEvent\"}");
      JsonNode connect = client.nextJson().get("event");
      String id = connect.get("requestContext").get("connectionId").asText();
      // a MESSAGE event for the "send" route, as a function would hand work to itself
      String event = "{\"requestContext\":{\"routeKey\":\"send\",\"connectionId\":\"" + id + "\",\"domainName\":\""
          + connect.get("requestContext").get("domainName").asText() + "\",\"stage\":\"fixture\"},"
          + "\"isBase64Encoded\":false,\"body\":\"{\\\"to\\\":\\\"" + id + "\\\",\\\"text\\\":\\\"async hello\\\"}\"}";
      HttpResponse<String> accepted = invoke("MessageFunction", "Event", event);
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(client.next()).isEqualTo("async hello");
    }
  }
}
