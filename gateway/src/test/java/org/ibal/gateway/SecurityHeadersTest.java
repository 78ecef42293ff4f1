package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ibal.gateway.support.FixtureFunctions;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app is served with the headers of the template's CloudFront response headers policy, parameters resolved
 * (FRAME_ANCESTORS here), APIs as 'self'; Strict-Transport-Security only over https as a trusted proxy reports it.
 */
class SecurityHeadersTest {
    /** The fixture template with a CloudFront distribution whose policy is the project's FrontendHeadersPolicy. */
    static Path templateWithCdn() {
        return FixtureFunctions.variant("with-cdn", text -> text.replace("Parameters:\n", """
        Parameters:
          FrameAncestors:
            Type: String
            Default: "'none'"
        """) + """

          AppHeaders:
            Type: AWS::CloudFront::ResponseHeadersPolicy
            Properties:
              ResponseHeadersPolicyConfig:
                Name: app
                SecurityHeadersConfig:
                  ContentSecurityPolicy:
                    Override: true
                    ContentSecurityPolicy: !Sub "default-src 'self'; connect-src 'self' wss://${WebSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}; frame-ancestors ${FrameAncestors}"
                  StrictTransportSecurity: { Override: true, AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true }
                  ContentTypeOptions: { Override: true }
                  ReferrerPolicy: { Override: true, ReferrerPolicy: strict-origin-when-cross-origin }
          ApiHeaders:
            Type: AWS::CloudFront::ResponseHeadersPolicy
            Properties:
              ResponseHeadersPolicyConfig:
                Name: api
                SecurityHeadersConfig:
                  ReferrerPolicy: { Override: true, ReferrerPolicy: no-referrer }
          Cdn:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                DefaultCacheBehavior: { TargetOriginId: app, ResponseHeadersPolicyId: !Ref AppHeaders }
                CacheBehaviors:
                  - { PathPattern: /api/*, TargetOriginId: api, ResponseHeadersPolicyId: !Ref ApiHeaders }
        """);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway behindProxy;
    private static Gateway direct;

    @BeforeAll
    static void start() throws Exception {
        Path dist = Path.of("target", "headers-test");
        Files.createDirectories(dist);
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>app shell</title>");
        Map<String, String> settings = Map.of(
                "IBAL_STATIC_DIR",
                dist.toString(),
                "FRAME_ANCESTORS",
                "'self' https://lms.example.edu",
                "IBAL_TRUSTED_PROXIES",
                "127.0.0.1");
        behindProxy = TestGateway.start(templateWithCdn(), settings);
        direct = TestGateway.start(
                templateWithCdn(),
                Map.of("IBAL_STATIC_DIR", dist.toString(), "IBAL_STORE", behindProxy.storeEndpoint()));
    }

    @AfterAll
    static void stop() {
        direct.close();
        behindProxy.close();
    }

    private static HttpResponse<String> get(Gateway gateway, String path, String forwardedProto) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path));
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApp_carriesTheTemplatesCspWithFrameAncestors_andTheApisAsSelf() throws Exception {
        HttpResponse<String> page = get(behindProxy, "/", null);
        assertThat(page.body()).contains("app shell");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'self'; connect-src 'self'; frame-ancestors 'self' https://lms.example.edu");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("strict-origin-when-cross-origin");
        assertThat(get(behindProxy, "/config.json", null).headers().firstValue("Content-Security-Policy"))
                .isPresent();
        // the parameter's default where nothing overrides it: the app cannot be framed at all
        assertThat(get(direct, "/", null)
                        .headers()
                        .firstValue("Content-Security-Policy")
                        .orElse(""))
                .endsWith("frame-ancestors 'none'");
    }

    @Test
    void strictTransportSecurity_onlyOverHttps_asATrustedProxyReportsIt() throws Exception {
        assertThat(get(behindProxy, "/", null).headers().firstValue("Strict-Transport-Security"))
                .isEmpty();
        assertThat(get(behindProxy, "/", "https").headers().firstValue("Strict-Transport-Security"))
                .contains("max-age=63072000; includeSubDomains");
        assertThat(get(direct, "/", "https").headers().firstValue("Strict-Transport-Security"))
                .as("a client's own X-Forwarded-Proto is not believed")
                .isEmpty();
    }

    @Test
    void theHttpApi_carriesItsOwnPolicy() throws Exception {
        HttpResponse<String> api = get(behindProxy, "/api/raw", null);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(api.headers().firstValue("Content-Security-Policy")).isEmpty();
    }
}
