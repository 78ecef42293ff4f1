package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The hand-signed GetParameter call against a local endpoint that answers like SSM. */
class SsmParameterReaderTest {
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer ssm;
    private SsmParameterReader reader;

    @BeforeEach
    void start() throws Exception {
        ssm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ssm.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.put("body", body);
            seen.put("target", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            seen.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
            seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            seen.put("token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")));
            boolean found = body.contains("\"/ibal/jwt\"");
            byte[] answer = (found
                            ? "{\"Parameter\":{\"Name\":\"/ibal/jwt\",\"Type\":\"SecureString\",\"Value\":\"{\\\"kty\\\":\\\"EC\\\"}\",\"Version\":3}}"
                            : "{\"__type\":\"ParameterNotFound\",\"message\":\"\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(found ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        ssm.start();
        reader = new SsmParameterReader(
                UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-1")),
                Region.EU_WEST_1,
                URI.create("http://127.0.0.1:" + ssm.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        ssm.stop(0);
    }

    @Test
    void secureString_sendsASignedDecryptingGetParameter_andReturnsTheValue() {
        String value = reader.secureString("/ibal/jwt");

        assertThat(value).isEqualTo("{\"kty\":\"EC\"}");
        assertThat(seen.get("target")).isEqualTo("AmazonSSM.GetParameter");
        assertThat(seen.get("contentType")).isEqualTo("application/x-amz-json-1.1");
        assertThat(seen.get("body")).isEqualTo("{\"Name\":\"/ibal/jwt\",\"WithDecryption\":true}");
        assertThat(seen.get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/ssm/aws4_request")
                .contains("SignedHeaders=")
                .contains("x-amz-target");
        assertThat(seen.get("token")).isEqualTo("session-1");
    }

    @Test
    void secureString_reportsSsmsErrorType_whenTheParameterIsMissing() {
        assertThatThrownBy(() -> reader.secureString("/nope"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("ParameterNotFound");
    }

    @Test
    void endpointFor_namesTheRegionalSsmHost() {
        assertThat(SsmParameterReader.endpointFor(Region.EU_WEST_1)).hasToString("https://ssm.eu-west-1.amazonaws.com");
    }
}
