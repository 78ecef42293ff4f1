package org.ibal.functions.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ibal.config.CfnYaml;
import org.ibal.config.Place;
import org.ibal.config.Setting;
import org.ibal.functions.support.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * template.yaml against the code and the contract: the handler and function names the functions
 * register, the WebSocket and HTTP routes of docs/protocol.md, least-privilege IAM, the environment.
 */
class TemplateTest {
    private static final String MAIN_CLASS = "org.ibal.functions.IbalFunctions";
    /**
     * Read by the functions but deliberately not set on AWS: what the catalogue says so of (local-only switches,
     * inline secrets whose {@code *_PARAMETER} twin AWS uses, tuning whose default fits) or Lambda sets itself.
     * Also {@code IBAL_JOB}: a quoted constant that is an event type, not a setting.
     */
    private static final Set<String> NOT_SET_ON_AWS = Stream.concat(
                    Stream.of("IBAL_JOB"),
                    Arrays.stream(Setting.values())
                            .filter(s -> s.notOnAws() != null || s.appliesTo(Place.PLATFORM))
                            .map(Setting::name))
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern DOCUMENTED_ROUTE = Pattern.compile("\\b(GET|POST|PUT|PATCH|DELETE) (/api/[^\\s`?|]*)");
    private static final Pattern ENV_READ = Pattern.compile("getenv\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern ENV_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");

    private static Path repository;
    private static String templateText;
    private static Template template;

    @BeforeAll
    static void readTemplate() throws IOException {
        repository = Repository.root();
        templateText = Files.readString(repository.resolve("template.yaml"));
        template = Template.parse(templateText);
    }

    @Test
    void everyFunction_runsTheFunctionInvoker_fromTheDeploymentJar() {
        assertThat(template.functions())
                .containsOnlyKeys("ConnectFunction", "ChatFunction", "DisconnectFunction", "HttpApiFunction");
        assertThat(new FunctionChecks(template).handlerProblems()).isEmpty();
    }

    @Test
    void everyFunction_publishesASnapStartVersion_wheneverItsSettingsChange() {
        assertThat(new FunctionChecks(template).publishingProblems()).isEmpty();
    }

    @Test
    void everyFunctionDefinition_namesAFunctionThatIbalFunctionsRegisters() throws Exception {
        assertThat(template.definitions())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "ConnectFunction",
                        "connect",
                        "ChatFunction",
                        "chat",
                        "DisconnectFunction",
                        "disconnect",
                        "HttpApiFunction",
                        "httpApi"));

        Set<String> registered = functionsRegisteredBy(MAIN_CLASS);

        assertThat(new FunctionChecks(template).definitionProblems(registered)).isEmpty();
    }

    @Test
    void everyWebSocketRoute_reachesItsFunction_throughAnIntegrationAndARouteScopedPermission() {
        assertThat(new ApiChecks(template).webSocketProblems()).isEmpty();
    }

    @Test
    void everyHttpRouteOfTheProtocol_isServedByTheHttpApiFunction() throws IOException {
        Set<String> documented = documentedRoutes(Files.readString(repository.resolve("docs/protocol.md")));
        assertThat(documented)
                .hasSizeGreaterThanOrEqualTo(13)
                .contains("GET /api/health", "DELETE /api/sessions/{id}", "GET /api/oauth/openedx/callback");

        assertThat(new ApiChecks(template).httpApiProblems(documented)).isEmpty();
    }

    @Test
    void iamPolicies_grantNoWildcardResources_onTheTableTheSocketsOrTheSecrets() {
        assertThat(new SecurityChecks(template).iamProblems()).isEmpty();
    }

    @Test
    void globalsEnvironment_isTheContract_andCoversEveryVariableTheFunctionsRead() throws IOException {
        assertThat(new FunctionChecks(template).environmentProblems()).isEmpty();
        assertThat(new FunctionChecks(template).unsetVariables(variablesReadByFunctions(), NOT_SET_ON_AWS))
                .isEmpty();
    }

    @Test
    void chatFunctionTimeout_outlastsTheLongestModelReply() {
        Map<String, Object> parameters =
                Template.map(CfnYaml.parse(templateText).get("Parameters"));
        Duration modelBudget = Duration.parse(
                String.valueOf(Template.map(parameters.get("FlowiseTimeout")).get("Default")));
        Object timeout = template.functions().get("ChatFunction").get("Timeout");

        assertThat(Duration.ofSeconds(Long.parseLong(String.valueOf(timeout))))
                .as("the reply job must end the model call itself, not be killed by Lambda mid-reply")
                .isGreaterThan(modelBudget.plusSeconds(10));
    }

    @Test
    void frontend_isServedFromAPrivateBucket_throughCloudFront_withAStrictPolicy() {
        assertThat(new SecurityChecks(template).frontendProblems()).isEmpty();
    }

    @Test
    void parameterDefaults_runALocalDemo_andKeepTheNamesTheTutorPluginPrints() {
        Map<String, Object> parameters =
                Template.map(CfnYaml.parse(templateText).get("Parameters"));
        Function<String, Object> defaultOf =
                name -> Template.map(parameters.get(name)).get("Default");

        assertThat(defaultOf.apply("ModelProvider")).isEqualTo("demo");
        assertThat(defaultOf.apply("JwtIssuer")).isEqualTo("ibal");
        assertThat(defaultOf.apply("JwtAudience")).isEqualTo("ibal");
        assertThat(String.valueOf(defaultOf.apply("DemoModelDelayMs"))).isEqualTo("0");
        assertThat(defaultOf.apply("StageName")).isEqualTo("prod");
        assertThat(parameters)
                .containsKeys(
                        "OpenEdxLmsUrl",
                        "OpenEdxClientId",
                        "OpenEdxJwtIssuer",
                        "OpenEdxJwtAudience",
                        "OpenEdxJwkSet",
                        "LmsAssertionPublicJwk",
                        "LmsAssertionIssuer",
                        "AllowedOrigins",
                        "FrameAncestors");
        for (String secret : List.of(
                "JwtSigningKeyParameter",
                "FlowiseApiKeyParameter",
                "OpenAiApiKeyParameter",
                "OpenEdxClientSecretParameter")) {
            assertThat(defaultOf.apply(secret))
                    .as("%s is the name of an SSM SecureString, unset locally", secret)
                    .isEqualTo("");
        }
    }

    @Test
    void chatTable_isTheSingleTableTheFunctionsExpect() {
        Map<String, Object> table = template.properties("ChatTable");

        assertThat(table).doesNotContainKey("TableName");
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("KeySchema"))
                .isEqualTo(List.of(
                        Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")));
        List<?> indexes = (List<?>) table.get("GlobalSecondaryIndexes");
        assertThat(indexes).hasSize(1);
        Map<String, Object> gsi1 = Template.map(indexes.get(0));
        assertThat(gsi1.get("IndexName")).isEqualTo("gsi1");
        assertThat(gsi1.get("KeySchema"))
                .isEqualTo(List.of(
                        Map.of("AttributeName", "gsi1pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "gsi1sk", "KeyType", "RANGE")));
        assertThat(gsi1.get("Projection")).isEqualTo(Map.of("ProjectionType", "ALL"));
        assertThat(table.get("TimeToLiveSpecification")).isEqualTo(Map.of("AttributeName", "ttl", "Enabled", true));
        assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(table.get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", true));
    }

    @Test
    void outputs_nameEverythingTheDeployScriptsAndTheTutorPluginRead() {
        assertThat(Template.map(CfnYaml.parse(templateText).get("Outputs")))
                .containsKeys("WebSocketUrl", "HttpApiUrl", "FrontendUrl", "FrontendBucketName", "DistributionId");
    }

    /** Each breakage must be caught by the check named beside it; otherwise the checks prove nothing. */
    static Stream<Arguments> brokenTemplates() {
        Function<Template, List<String>> iam = t -> new SecurityChecks(t).iamProblems();
        Function<Template, List<String>> frontend = t -> new SecurityChecks(t).frontendProblems();
        Function<Template, List<String>> webSocket = t -> new ApiChecks(t).webSocketProblems();
        return Stream.of(
                breakage(
                        "a table statement on every resource", "- !GetAtt ChatTable.Arn", "- \"*\"", iam, "resource *"),
                breakage(
                        "sockets of every API",
                        "${WebSocketApi}/${StageName}/POST/@connections/*",
                        "*/POST/@connections/*",
                        iam,
                        "ManageConnections beyond"),
                breakage(
                        "a permission for the wrong route",
                        "${StageName}/ping\n",
                        "${StageName}/pong\n",
                        webSocket,
                        "route ping: no AWS::Lambda::Permission"),
                breakage(
                        "a route to $LATEST",
                        "${ChatFunction.Arn}:live/invocations",
                        "${ChatFunction.Arn}/invocations",
                        webSocket,
                        "must invoke a function's live alias"),
                breakage(
                        "a missing HTTP route",
                        "Path: /api/auth/ws-ticket",
                        "Path: /api/auth/ws-tickets",
                        t -> new ApiChecks(t).httpApiProblems(Set.of("POST /api/auth/ws-ticket")),
                        "POST /api/auth/ws-ticket is in docs/protocol.md but no function serves it"),
                breakage(
                        "a variable the functions cannot see",
                        "        FLOWISE_URL: !Ref FlowiseUrl\n",
                        "",
                        t -> new FunctionChecks(t).environmentProblems(),
                        "missing [FLOWISE_URL]"),
                breakage(
                        "pushes to another host",
                        "https://${WebSocketApi}.execute-api.",
                        "https://${WebSocketApi}.example.org.",
                        t -> new FunctionChecks(t).environmentProblems(),
                        "MANAGEMENT_API_ENDPOINT must be"),
                breakage(
                        "a handler that does not exist",
                        "FunctionInvoker::handleRequest",
                        "FunctionInvoker::handle",
                        t -> new FunctionChecks(t).handlerProblems(),
                        "has no handle(InputStream, OutputStream, Context)"),
                breakage(
                        "a version that ignores changed settings",
                        "VersionDescription: !Sub IBAL ${ConfigRevision}",
                        "VersionDescription: IBAL",
                        t -> new FunctionChecks(t).publishingProblems(),
                        "must carry ${ConfigRevision}"),
                breakage(
                        "a CSP that allows inline scripts",
                        "script-src 'self';",
                        "script-src 'self' 'unsafe-inline';",
                        frontend,
                        "allows inline code"),
                breakage(
                        "a public bucket",
                        "RestrictPublicBuckets: true",
                        "RestrictPublicBuckets: false",
                        frontend,
                        "RestrictPublicBuckets must be true"),
                breakage(
                        "a definition nobody registers",
                        "SPRING_CLOUD_FUNCTION_DEFINITION: chat",
                        "SPRING_CLOUD_FUNCTION_DEFINITION: chats",
                        t -> new FunctionChecks(t)
                                .definitionProblems(Set.of("connect", "chat", "disconnect", "httpApi")),
                        "chats names no function"));
    }

    private static Arguments breakage(
            String name,
            String original,
            String replacement,
            Function<Template, List<String>> check,
            String expectedProblem) {
        return Arguments.of(name, original, replacement, check, expectedProblem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenTemplates")
    void checks_reportABrokenCopyOfTheTemplate(
            String breakage,
            String original,
            String replacement,
            Function<Template, List<String>> check,
            String expectedProblem) {
        assertThat(templateText)
                .as("the template still contains the text this case breaks")
                .contains(original);
        Template broken = Template.parse(templateText.replace(original, replacement));

        assertThat(check.apply(broken))
                .anySatisfy(problem -> assertThat(problem).contains(expectedProblem));
    }

    /** Runs the functional initializer the way Spring Cloud Function does, without starting beans. */
    @SuppressWarnings("unchecked")
    private static Set<String> functionsRegisteredBy(String mainClass) throws Exception {
        Object main = Class.forName(mainClass).getDeclaredConstructor().newInstance();
        assertThat(main)
                .as("%s registers its functions functionally", mainClass)
                .isInstanceOf(ApplicationContextInitializer.class);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            ((ApplicationContextInitializer<GenericApplicationContext>) main).initialize(context);
            return new TreeSet<>(List.of(context.getBeanDefinitionNames()));
        }
    }

    private static Set<String> documentedRoutes(String protocol) {
        Set<String> routes = new TreeSet<>();
        Matcher matcher = DOCUMENTED_ROUTE.matcher(protocol);
        while (matcher.find()) {
            routes.add(matcher.group(1) + " " + matcher.group(2));
        }
        return routes;
    }

    /** getenv("X") anywhere in functions/src/main, and env-style literals in its config package. */
    private static Set<String> variablesReadByFunctions() throws IOException {
        // Every quoted SETTING_NAME anywhere in the main sources, not only config/: adapters read their own
        // settings (config/ModelSettings reads through the catalogue), and a setting the template lacks can't be set on
        // AWS at all.
        Path sources = repository.resolve("functions/src/main/java");
        Set<String> names = new TreeSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Pattern read : List.of(ENV_LITERAL, ENV_READ)) {
                Matcher reads = read.matcher(text);
                while (reads.find()) {
                    names.add(reads.group(1));
                }
            }
        }
        return names;
    }
}
