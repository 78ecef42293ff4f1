package org.ibal.gateway.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ibal.gateway.support.FixtureFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {
    @Test
    void fixtureTemplate_resolvesFunctionsRoutesStageHttpApiAndTable() throws Exception {
        GatewaySpec spec = SamTemplate.load(FixtureFunctions.template(), Map.of(), Map.of(), "eu-west-1");

        assertThat(spec.functions())
                .containsOnlyKeys("ConnectFunction", "MessageFunction", "DisconnectFunction", "HttpFunction");
        FunctionSpec connect = spec.functions().get("ConnectFunction");
        assertThat(connect.codeUri())
                .isEqualTo(
                        FixtureFunctions.template().toAbsolutePath().getParent().resolve("fixture-functions.jar"));
        assertThat(connect.handler()).isEqualTo("org.ibal.gateway.fixture.ConnectHandler::handleRequest");
        assertThat(connect.environment())
                .containsEntry("GREETING", "hello-from-template")
                .containsEntry("TABLE_NAME", "FixtureTable");
        assertThat(connect.timeout().toSeconds()).isEqualTo(30);

        WebSocketSpec ws = spec.webSocket();
        assertThat(ws.stage()).isEqualTo("fixture");
        assertThat(ws.routeSelectionExpression()).isEqualTo("$request.body.action");
        assertThat(ws.routes().get("$connect").functionId()).isEqualTo("ConnectFunction"); // via ${X.Alias}
        assertThat(ws.routes().get("$disconnect").functionId())
                .isEqualTo("DisconnectFunction"); // via Fn::Join + GetAtt
        assertThat(ws.routes().get("echo").functionId()).isEqualTo("MessageFunction");
        assertThat(ws.routes().get("reply").relayResponse()).isTrue();
        assertThat(ws.routes().get("echo").relayResponse()).isFalse();

        assertThat(spec.httpApi().routes())
                .extracting(HttpApiSpec.Route::routeKey)
                .contains("POST /api/echo", "ANY /api/items/{id}", "GET /api/files/{proxy+}");
        assertThat(spec.httpApi().cors().allowOrigins()).containsExactly("https://app.example");
        assertThat(spec.tables())
                .singleElement()
                .satisfies(t -> assertThat(t.tableName()).isEqualTo("FixtureTable"));
    }

    @Test
    void overrides_replaceParameterDefaultsAndVariables_andTablesCanBeRenamed() throws Exception {
        GatewaySpec spec = SamTemplate.load(
                FixtureFunctions.template(),
                Map.of("Greeting", "from-parameter", "StageName", "dev"),
                Map.of("FixtureTable", "my-table"),
                "us-east-1");
        assertThat(spec.functions().get("HttpFunction").environment())
                .containsEntry("GREETING", "from-parameter")
                .containsEntry("TABLE_NAME", "my-table");
        assertThat(spec.webSocket().stage()).isEqualTo("dev");

        GatewaySpec byVariable =
                SamTemplate.load(FixtureFunctions.template(), Map.of("GREETING", "from-env"), Map.of(), "us-east-1");
        assertThat(byVariable.functions().get("HttpFunction").environment()).containsEntry("GREETING", "from-env");
    }

    @Test
    void projectTemplate_isUnderstood() throws Exception {
        Path template = Path.of("..", "template.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.exists(template), "no template.yaml at the repository root yet");
        GatewaySpec spec = SamTemplate.load(template, Map.of(), Map.of(), "us-east-1");

        assertThat(spec.functions())
                .containsKeys("ConnectFunction", "ChatFunction", "DisconnectFunction", "HttpApiFunction");
        assertThat(spec.functions().get("ChatFunction").environment())
                .containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", "chat");
        assertThat(spec.functions().get("ChatFunction").codeUri().toString())
                .endsWith("functions/target/ibal-functions.jar");
        assertThat(spec.webSocket().routes())
                .containsKeys("$connect", "$disconnect", "$default", "hello", "sendMessage", "stop", "ping");
        assertThat(spec.webSocket().routes().get("sendMessage").functionId()).isEqualTo("ChatFunction");
        assertThat(spec.httpApi().routes())
                .extracting(HttpApiSpec.Route::routeKey)
                .contains("GET /api/health", "POST /api/auth/register");
        assertThat(spec.tables()).extracting(TableSpec::tableName).containsExactly("ChatTable");
    }

    @Test
    void parameters_takeTheirUpperSnakeCaseNameToo_soComposeDocsAndTemplateShareOneSetting() throws Exception {
        assertThat(SamTemplate.upperSnake("AllowedOrigins")).isEqualTo("ALLOWED_ORIGINS");
        assertThat(SamTemplate.upperSnake("FrameAncestors")).isEqualTo("FRAME_ANCESTORS");
        assertThat(SamTemplate.upperSnake("LoginAttemptsPer15Minutes")).isEqualTo("LOGIN_ATTEMPTS_PER_15_MINUTES");

        GatewaySpec spec =
                SamTemplate.load(FixtureFunctions.template(), Map.of("STAGE_NAME", "from-env"), Map.of(), "us-east-1");
        assertThat(spec.webSocket().stage()).isEqualTo("from-env");
        GatewaySpec exactWins = SamTemplate.load(
                FixtureFunctions.template(),
                Map.of("STAGE_NAME", "from-env", "StageName", "exact"),
                Map.of(),
                "us-east-1");
        assertThat(exactWins.webSocket().stage()).isEqualTo("exact");
    }

    @Test
    void projectTemplate_corsFromItsOpenApiBody_followsAllowedOrigins() throws Exception {
        Path template = Path.of("..", "template.yaml");
        GatewaySpec spec = SamTemplate.load(
                template,
                Map.of("ALLOWED_ORIGINS", "https://lms.example.edu,https://studio.example.edu"),
                Map.of(),
                "us-east-1");
        assertThat(spec.httpApi().cors().allowOrigins())
                .containsExactly("https://lms.example.edu", "https://studio.example.edu");
        assertThat(spec.httpApi().cors().allowMethods()).contains("POST", "OPTIONS");
        assertThat(spec.httpApi().cors().allowHeaders()).contains("authorization", "content-type");
        assertThat(spec.functions().get("HttpApiFunction").environment())
                .containsEntry("ALLOWED_ORIGINS", "https://lms.example.edu,https://studio.example.edu");
    }

    @Test
    void projectTemplate_cloudFrontHeaders_areReadWithTheParametersResolved() throws Exception {
        Path template = Path.of("..", "template.yaml");
        GatewaySpec spec = SamTemplate.load(
                template, Map.of("FRAME_ANCESTORS", "'self' https://lms.example.edu"), Map.of(), "eu-west-1");

        ResponseHeadersSpec app = spec.appHeaders();
        assertThat(app.headers().get("Content-Security-Policy"))
                .startsWith("default-src 'self'; script-src 'self'")
                .contains("connect-src 'self' wss://WebSocketApi.execute-api.eu-west-1.amazonaws.com")
                .endsWith("frame-ancestors 'self' https://lms.example.edu");
        assertThat(app.headers())
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "strict-origin-when-cross-origin");
        assertThat(app.strictTransportSecurity()).isEqualTo("max-age=63072000; includeSubDomains");
        assertThat(spec.apiHeaders().headers())
                .containsEntry("Referrer-Policy", "no-referrer")
                .doesNotContainKey("Content-Security-Policy");
    }

    @Test
    void unsupportedIntrinsic_failsNamingWhereItIs(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("t.yaml");
        Files.writeString(template, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: x.jar
              Handler: a.B
              Environment:
                Variables:
                  MODE: !If [IsProd, a, b]
        """);
        assertThatThrownBy(() -> SamTemplate.load(template, Map.of(), Map.of(), "us-east-1"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Fn.Environment.Variables.MODE")
                .hasMessageContaining("Fn::If");
    }

    @Test
    void routeToANonLambdaIntegration_failsClearly(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("t.yaml");
        Files.writeString(template, """
        Resources:
          Api: { Type: AWS::ApiGatewayV2::Api, Properties: { ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action } }
          Mock: { Type: AWS::ApiGatewayV2::Integration, Properties: { ApiId: !Ref Api, IntegrationType: MOCK } }
          Route: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Api, RouteKey: $default, Target: !Sub 'integrations/${Mock}' } }
          Stage: { Type: AWS::ApiGatewayV2::Stage, Properties: { ApiId: !Ref Api, StageName: dev } }
        """);
        assertThatThrownBy(() -> SamTemplate.load(template, Map.of(), Map.of(), "us-east-1"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Mock: IntegrationType MOCK is not supported");
    }
}
