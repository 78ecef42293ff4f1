package org.ibal.config;

import static org.ibal.config.Place.CADDY;
import static org.ibal.config.Place.COMPOSE;
import static org.ibal.config.Place.FUNCTIONS;
import static org.ibal.config.Place.GATEWAY;
import static org.ibal.config.Place.LAMBDA_ENV;
import static org.ibal.config.Place.PLATFORM;
import static org.ibal.config.Place.STACK;
import static org.ibal.config.Place.TUTOR;
import static org.ibal.config.Spec.choice;
import static org.ibal.config.Spec.decimal;
import static org.ibal.config.Spec.duration;
import static org.ibal.config.Spec.millis;
import static org.ibal.config.Spec.seconds;
import static org.ibal.config.Spec.secret;
import static org.ibal.config.Spec.text;
import static org.ibal.config.Spec.url;
import static org.ibal.config.Spec.whole;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every IBAL setting, once: its name (the environment variable), type, default and validation ({@link Spec}), the
 * template.yaml parameter that sets it on AWS, where it applies ({@link Place}) and one line of documentation.
 * The Java readers ({@code IbalSettings}, {@code ReplySettings}, {@code ModelSettings}, {@code OpenEdxSettings},
 * {@code GatewayConfig}) read through {@link Settings}; {@code SettingsCatalogueTest} checks template.yaml, the
 * compose file, infra/.env.example and the Tutor plugin against this list, and docs/settings.md is generated from it
 * ({@link SettingsDoc}).
 *
 * <p>Adding a setting: add it here, read it through {@link Settings}, then let the catalogue test say which files
 * still lack it.
 */
public enum Setting {
    // --- functions: store, tokens, limits
    TABLE_NAME(text("ibal"), null, null, "The DynamoDB table (on AWS, the stack's).", FUNCTIONS, LAMBDA_ENV),
    DYNAMODB_ENDPOINT(
            url(null),
            null,
            "local only: the gateway and tests point it at DynamoDB Local or LocalStack",
            "DynamoDB endpoint override.",
            FUNCTIONS),
    SSM_ENDPOINT(
            url(null),
            null,
            "local only: LocalStack's SSM",
            "SSM endpoint override for reading SecureString parameters.",
            FUNCTIONS,
            GATEWAY),
    JWT_ISSUER(text("ibal"), "JwtIssuer", null, "`iss` of the access tokens IBAL mints.", FUNCTIONS, LAMBDA_ENV),
    JWT_AUDIENCE(
            text("ibal"),
            "JwtAudience",
            null,
            "`aud` of IBAL access tokens and of LMS assertions.",
            FUNCTIONS,
            LAMBDA_ENV),
    JWT_SIGNING_KEY(
            secret(),
            null,
            "an inline secret: AWS reads it from JWT_SIGNING_KEY_PARAMETER",
            "The EC P-256 private JWK that signs access tokens (scripts/new-signing-key); the gateway makes one "
                    + "when unset.",
            FUNCTIONS,
            GATEWAY,
            COMPOSE),
    JWT_SIGNING_KEY_PARAMETER(
            text(null),
            "JwtSigningKeyParameter",
            null,
            "Name of the SSM SecureString holding JWT_SIGNING_KEY.",
            FUNCTIONS,
            LAMBDA_ENV),
    ACCESS_TOKEN_TTL_SECONDS(
            whole(900, 1, Integer.MAX_VALUE),
            "AccessTokenTtlSeconds",
            null,
            "Lifetime of an access token.",
            FUNCTIONS,
            LAMBDA_ENV),
    REFRESH_TOKEN_TTL_SECONDS(
            whole(2_592_000, 1, Integer.MAX_VALUE),
            "RefreshTokenTtlSeconds",
            null,
            "Lifetime of a refresh token.",
            FUNCTIONS,
            LAMBDA_ENV),
    MESSAGE_MAX_CHARS(
            whole(4000, 1, Integer.MAX_VALUE),
            "MessageMaxChars",
            null,
            "Longest message a learner may send.",
            FUNCTIONS,
            LAMBDA_ENV),
    MESSAGE_RATE_PER_MINUTE(
            whole(20, 1, Integer.MAX_VALUE),
            "MessageRatePerMinute",
            null,
            "Messages per user per minute.",
            FUNCTIONS,
            LAMBDA_ENV),
    DAILY_MESSAGE_QUOTA(
            whole(300, 1, Integer.MAX_VALUE),
            "DailyMessageQuota",
            null,
            "Messages per user per UTC day; the main bound on model spend.",
            FUNCTIONS,
            LAMBDA_ENV),
    CONNECT_RATE_PER_MINUTE(
            whole(30, 1, Integer.MAX_VALUE),
            "ConnectRatePerMinute",
            null,
            "WebSocket connections a user may open per minute.",
            FUNCTIONS,
            LAMBDA_ENV),
    CONNECT_FAILURES_PER_IP_PER_MINUTE(
            whole(60, 1, Integer.MAX_VALUE),
            "ConnectFailuresPerIpPerMinute",
            null,
            "Failed WebSocket handshakes one address may make in any 60 s (a sliding window).",
            FUNCTIONS,
            LAMBDA_ENV),
    SESSIONS_PER_DAY(
            whole(100, 1, Integer.MAX_VALUE),
            "SessionsPerDay",
            null,
            "New chat sessions a user may open per UTC day.",
            FUNCTIONS,
            LAMBDA_ENV),
    REGISTRATION_POLICY(
            choice("open", "open", "invite", "closed"),
            "RegistrationPolicy",
            null,
            "Who may create a local account: anyone, with an invite code, or nobody.",
            FUNCTIONS,
            LAMBDA_ENV),
    REGISTRATIONS_PER_IP_PER_HOUR(
            whole(30, 1, Integer.MAX_VALUE),
            "RegistrationsPerIpPerHour",
            null,
            "Register attempts per client address in any hour (a sliding window).",
            FUNCTIONS,
            LAMBDA_ENV),
    LOGIN_FAILURES_PER_ACCOUNT_AND_IP(
            whole(10, 1, Integer.MAX_VALUE),
            "LoginFailuresPerAccountAndIp",
            null,
            "Failed logins for one username from one address in any 15 minutes (a sliding window).",
            FUNCTIONS,
            LAMBDA_ENV),
    LOGIN_FAILURES_PER_IP(
            whole(30, 1, Integer.MAX_VALUE),
            "LoginFailuresPerIp",
            null,
            "Failed logins from one address across all usernames in any 15 minutes (a sliding window).",
            FUNCTIONS,
            LAMBDA_ENV),
    PASSWORD_MIN_LENGTH(
            whole(8, 8, 64),
            "PasswordMinLength",
            null,
            "Shortest password (NIST SP 800-63B asks for at least 8).",
            FUNCTIONS,
            LAMBDA_ENV),
    BCRYPT_COST(
            whole(10, 4, 31),
            null,
            "its default fits Lambda; tests lower it for speed",
            "bcrypt work factor of stored password hashes.",
            FUNCTIONS),
    LOG_LEVEL(
            text("INFO"),
            null,
            "Spring's logging level of org.ibal; INFO on AWS",
            "Log level of the functions' own loggers.",
            FUNCTIONS),
    MANAGEMENT_API_ENDPOINT(
            url(null),
            null,
            null,
            "Where the functions push frames (@connections): the WebSocket stage's URL; the gateway sets its own.",
            FUNCTIONS,
            LAMBDA_ENV),

    // --- functions: the class console (issue 10)
    ADMIN_USERNAMES(
            text(""),
            "AdminUsernames",
            null,
            "Comma-separated usernames that are the console's admins (the operator); never the first to register.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    TEACHERS_SELF_SERVE(
            choice("false", "true", "false"),
            "TeachersSelfServe",
            null,
            "true lets any signed-in user create a class (and teach it); false leaves promoting teachers to an admin.",
            FUNCTIONS,
            LAMBDA_ENV),
    RETENTION_DAYS(
            whole(365, 1, 36_500),
            "RetentionDays",
            null,
            "Days an archived class's data is kept before DynamoDB's TTL deletes it.",
            FUNCTIONS,
            LAMBDA_ENV),
    COST_CURRENCY(
            text("USD"),
            "CostCurrency",
            null,
            "The currency the console shows costs in (ISO 4217; AWS list prices are USD).",
            FUNCTIONS,
            LAMBDA_ENV),
    MODEL_PRICE_IN_PER_1K(
            decimal(0.00015, 0),
            "ModelPriceInPer1k",
            null,
            "The model's price per 1,000 input tokens, in COST_CURRENCY.",
            FUNCTIONS,
            LAMBDA_ENV),
    MODEL_PRICE_OUT_PER_1K(
            decimal(0.0006, 0),
            "ModelPriceOutPer1k",
            null,
            "The model's price per 1,000 output tokens, in COST_CURRENCY.",
            FUNCTIONS,
            LAMBDA_ENV),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE(
            whole(1024, 128, 10_240),
            null,
            "set by Lambda; the cost model bills GB-seconds " + "with it",
            "The function's memory in MB.",
            FUNCTIONS,
            PLATFORM),

    // --- functions: the model
    MODEL_PROVIDER(
            choice("demo", "demo", "flowise", "openai"),
            "ModelProvider",
            null,
            "demo (built-in, offline), flowise or openai (any OpenAI-compatible server).",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    DEMO_MODEL_DELAY_MS(
            whole(0, 0, Integer.MAX_VALUE),
            "DemoModelDelayMs",
            null,
            "Pause between the demo model's chunks (0 streams at once).",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    FLOWISE_URL(text(null), "FlowiseUrl", null, "Base URL of the Flowise server.", FUNCTIONS, LAMBDA_ENV, COMPOSE),
    FLOWISE_CHATFLOW_ID(
            text(null),
            "FlowiseChatflowId",
            null,
            "Default chatflow; an Open edX block may name its own.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    FLOWISE_API_KEY(
            secret(),
            null,
            "an inline secret: AWS reads it from FLOWISE_API_KEY_PARAMETER",
            "Flowise API key (empty when Flowise needs none).",
            FUNCTIONS,
            COMPOSE),
    FLOWISE_API_KEY_PARAMETER(
            text(null),
            "FlowiseApiKeyParameter",
            null,
            "Name of the SSM SecureString holding FLOWISE_API_KEY.",
            FUNCTIONS,
            LAMBDA_ENV),
    FLOWISE_TIMEOUT(
            seconds("PT120S"),
            "FlowiseTimeout",
            null,
            "Longest wait for one whole model reply.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    FLOWISE_MAX_RETRIES(
            whole(2, 0, Integer.MAX_VALUE),
            "FlowiseMaxRetries",
            null,
            "Retries of a model call that failed before its first token.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    MODEL_FIRST_TOKEN_TIMEOUT(
            seconds("PT30S"),
            "ModelFirstTokenTimeout",
            null,
            "Longest wait from asking the model to its first token.",
            FUNCTIONS,
            LAMBDA_ENV),
    MODEL_IDLE_TIMEOUT(
            seconds("PT20S"), "ModelIdleTimeout", null, "Longest pause between two tokens.", FUNCTIONS, LAMBDA_ENV),
    MODEL_BREAKER_MINIMUM_CALLS(
            whole(5, 1, Integer.MAX_VALUE),
            "ModelBreakerMinimumCalls",
            null,
            "Model calls the circuit breaker needs before it may open at 50 % failures.",
            FUNCTIONS,
            LAMBDA_ENV),
    MODEL_BREAKER_WAIT(
            seconds("PT30S"),
            "ModelBreakerWait",
            null,
            "How long an open circuit breaker refuses model calls before trying again.",
            FUNCTIONS,
            LAMBDA_ENV),
    MODEL_MAX_CONCURRENT_CALLS(
            whole(0, 0, Integer.MAX_VALUE),
            "ModelMaxConcurrentCalls",
            null,
            "Replies one instance may stream at once (0: no cap).",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    OPENAI_BASE_URL(
            text("https://api.openai.com/v1"),
            "OpenAiBaseUrl",
            null,
            "Any OpenAI-compatible chat completions endpoint.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE),
    OPENAI_MODEL(
            text("gpt-4o-mini"), "OpenAiModel", null, "The OpenAI-compatible model.", FUNCTIONS, LAMBDA_ENV, COMPOSE),
    OPENAI_API_KEY(
            secret(),
            null,
            "an inline secret: AWS reads it from OPENAI_API_KEY_PARAMETER",
            "API key of the OpenAI-compatible server.",
            FUNCTIONS,
            COMPOSE),
    OPENAI_API_KEY_PARAMETER(
            text(null),
            "OpenAiApiKeyParameter",
            null,
            "Name of the SSM SecureString holding OPENAI_API_KEY.",
            FUNCTIONS,
            LAMBDA_ENV),
    OPENAI_SYSTEM_PROMPT(
            text(null),
            "OpenAiSystemPrompt",
            null,
            "Instructions for the OpenAI-compatible model (empty: a short built-in tutor prompt).",
            FUNCTIONS,
            LAMBDA_ENV),
    OPENAI_HISTORY_TOKEN_BUDGET(
            whole(3000, 0, Integer.MAX_VALUE),
            "OpenAiHistoryTokenBudget",
            null,
            "Estimated tokens of earlier messages sent with each question.",
            FUNCTIONS,
            LAMBDA_ENV),

    // --- functions: replies
    REPLY_MODE(
            choice(null, "inline", "async"),
            "ReplyMode",
            null,
            "async hands a reply to an asynchronous invocation of the chat function; inline streams it in the "
                    + "request (default: async on Lambda, inline elsewhere).",
            FUNCTIONS,
            LAMBDA_ENV),
    STREAM_COALESCE_MS(
            millis(100, 0, 60_000),
            "StreamCoalesceMs",
            null,
            "Longest time one chunk frame gathers tokens; 0 sends each.",
            FUNCTIONS,
            LAMBDA_ENV),
    STOP_POLL_MS(
            millis(250, 1, 60_000),
            "StopPollMs",
            null,
            "How often a streaming reply reads its stop flag.",
            FUNCTIONS,
            LAMBDA_ENV),
    LAMBDA_ENDPOINT(
            text(null),
            "LambdaEndpoint",
            null,
            "Lambda API endpoint for the async hand-off (empty: the regional one; the gateway sets its own).",
            FUNCTIONS,
            LAMBDA_ENV),

    // --- functions: Open edX
    OPENEDX_LMS_URL(
            url(null),
            "OpenEdxLmsUrl",
            null,
            "LMS base URL, e.g. https://lms.example.edu (popup sign-in).",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    OPENEDX_CLIENT_ID(
            text(null),
            "OpenEdxClientId",
            null,
            "Client id of the OAuth2 application the Tutor plugin registers.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    OPENEDX_CLIENT_SECRET(
            secret(),
            null,
            "an inline secret: AWS reads it from OPENEDX_CLIENT_SECRET_PARAMETER",
            "That application's client secret.",
            FUNCTIONS,
            COMPOSE,
            TUTOR),
    OPENEDX_CLIENT_SECRET_PARAMETER(
            text(null),
            "OpenEdxClientSecretParameter",
            null,
            "Name of the SSM SecureString holding OPENEDX_CLIENT_SECRET.",
            FUNCTIONS,
            LAMBDA_ENV,
            TUTOR),
    OPENEDX_JWT_ISSUER(
            text(null),
            "OpenEdxJwtIssuer",
            null,
            "`iss` of the LMS's JWTs (default: <LMS URL>/oauth2).",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    OPENEDX_JWT_AUDIENCE(
            text("openedx"),
            "OpenEdxJwtAudience",
            null,
            "`aud` of the LMS's JWTs.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    OPENEDX_JWK_SET(
            text(null),
            "OpenEdxJwkSet",
            null,
            "Public JWK set (JSON) the LMS signs its JWTs with.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    LMS_ASSERTION_PUBLIC_JWK(
            text(null),
            "LmsAssertionPublicJwk",
            null,
            "Public JWK (JSON, with kid) that verifies the XBlock's seamless sign-in assertions.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    LMS_ASSERTION_ISSUER(
            text("ibal-xblock"),
            "LmsAssertionIssuer",
            null,
            "`iss` of the XBlock's assertions.",
            FUNCTIONS,
            LAMBDA_ENV,
            COMPOSE,
            TUTOR),
    ALLOWED_ORIGINS(
            text(null),
            "AllowedOrigins",
            null,
            "Comma-separated origins that may call the HTTP API from a browser and receive Open edX sign-in "
                    + "results (the LMS and Studio).",
            FUNCTIONS,
            LAMBDA_ENV,
            GATEWAY,
            COMPOSE),
    FRAME_ANCESTORS(
            text("'none'"),
            "FrameAncestors",
            null,
            "CSP frame-ancestors of the app, e.g. 'self' https://lms.example.edu.",
            STACK,
            GATEWAY,
            COMPOSE),

    // --- the stack
    STAGE_NAME(
            text("prod"),
            "StageName",
            null,
            "Stage of the WebSocket API (the last path segment of its URL).",
            STACK,
            GATEWAY),
    LOG_RETENTION_DAYS(
            whole(14, 1, 3653), "LogRetentionDays", null, "Days the function and access logs are kept.", STACK),
    SET_API_GATEWAY_ACCOUNT_LOG_ROLE(
            choice("true", "true", "false"),
            "SetApiGatewayAccountLogRole",
            null,
            "Whether the stack sets the region-wide API Gateway CloudWatch role.",
            STACK),
    CONFIG_REVISION(text("initial"), "ConfigRevision", null, "Change it to publish new function versions.", STACK),
    PRICE_CLASS(text("PriceClass_100"), "PriceClass", null, "CloudFront edge locations of the frontend.", STACK),
    BUDGET_AMOUNT(
            whole(0, 0, Integer.MAX_VALUE),
            "BudgetAmount",
            null,
            "Monthly AWS budget of the stack in USD (AWS::Budgets::Budget; 0: none).",
            STACK),
    ALERT_EMAIL(
            text(""),
            "AlertEmail",
            null,
            "Where budget alerts and alarms are e-mailed (empty: alarms only in CloudWatch).",
            STACK),

    // --- the gateway (laptop and self-hosting)
    IBAL_CONFIG(
            text("gateway.properties"),
            null,
            null,
            "A properties file with these same keys (the environment wins).",
            GATEWAY),
    IBAL_HOST(text("127.0.0.1"), null, null, "Address of the public listener.", GATEWAY, COMPOSE),
    IBAL_PORT(whole(8080, 0, 65_535), null, null, "Port of the public listener (0: any free one).", GATEWAY, COMPOSE),
    IBAL_INTERNAL_HOST(
            text("127.0.0.1"),
            null,
            null,
            "Address of the internal listener (@connections, Lambda Invoke, SigV4-checked).",
            GATEWAY,
            COMPOSE),
    IBAL_INTERNAL_PORT(
            whole(0, 0, 65_535), null, null, "Port of the internal listener (0: any free one).", GATEWAY, COMPOSE),
    IBAL_TRUSTED_PROXIES(
            text(""),
            null,
            null,
            "Comma-separated proxy addresses whose X-Forwarded-For is believed.",
            GATEWAY,
            COMPOSE),
    IBAL_TEMPLATE(text("template.yaml"), null, null, "The SAM template the gateway runs.", GATEWAY),
    IBAL_STORE(
            text("file"),
            null,
            null,
            "memory, file (DynamoDB Local under IBAL_DATA_DIR) or an http(s):// DynamoDB endpoint.",
            GATEWAY,
            COMPOSE),
    IBAL_DATA_DIR(text(".ibal"), null, null, "Where the file store and the signing key live.", GATEWAY),
    IBAL_STATIC_DIR(text("frontend/dist"), null, null, "The built web app the gateway serves.", GATEWAY),
    IBAL_PUBLIC_URL(text(null), null, null, "The URL learners use, when a proxy fronts the gateway.", GATEWAY, COMPOSE),
    IBAL_INSTANCE_URL(text(null), null, null, "This replica's internal URL as its peers reach it.", GATEWAY, COMPOSE),
    IBAL_INSTANCES_TABLE(
            text("ibal-gateway-instances"), null, null, "The DynamoDB table where replicas find each other.", GATEWAY),
    // API Gateway's quotas: WebSocket APIs time integrations out at 29 s, HTTP APIs at 30 s (their maximum and
    // default). API Gateway's own throttling is per account and route (10,000 requests/s, burst 5,000), far above
    // what one learner needs; the per-connection 10/s, burst 20 are IBAL's (docs/security.md), enforced with API
    // Gateway's algorithm.
    IBAL_MAX_MESSAGE_BYTES(
            whole(128 * 1024, 1, Integer.MAX_VALUE),
            null,
            null,
            "Largest WebSocket message (API Gateway: 128 KiB).",
            GATEWAY),
    IBAL_MAX_FRAME_BYTES(
            whole(32 * 1024, 1, Integer.MAX_VALUE),
            null,
            null,
            "Largest WebSocket frame (API Gateway: 32 KiB).",
            GATEWAY),
    IBAL_IDLE_TIMEOUT(duration("10m"), null, null, "Idle WebSocket connections close after it.", GATEWAY),
    IBAL_CONNECTION_LIFETIME(duration("2h"), null, null, "Longest life of one WebSocket connection.", GATEWAY),
    IBAL_INTEGRATION_TIMEOUT(duration("29s"), null, null, "Longest WebSocket route invocation.", GATEWAY),
    IBAL_HTTP_INTEGRATION_TIMEOUT(duration("30s"), null, null, "Longest HTTP API invocation.", GATEWAY),
    IBAL_WS_MESSAGES_PER_SECOND(
            decimal(10, 0), null, null, "Frames one connection may send per second (0: no limit).", GATEWAY),
    IBAL_WS_MESSAGE_BURST(
            whole(20, 1, Integer.MAX_VALUE),
            null,
            null,
            "Frames one connection may send at once after a quiet spell.",
            GATEWAY),
    IBAL_WS_SEND_BUFFER_BYTES(
            whole(1024 * 1024, 1, Integer.MAX_VALUE),
            null,
            null,
            "Bytes queued for one slow connection before it is closed.",
            GATEWAY),
    // The functions share the gateway's cores (on AWS each has its own), and past a few dozen they only slow each
    // other past their timeouts. Measured on 2 cores with 1,000 clients: no cap 0 messages/s (everything timed
    // out), 8 -> 112, 32 -> 121, 64 -> 100.
    IBAL_MAX_CONCURRENT_INVOCATIONS(
            whole(32, 0, Integer.MAX_VALUE),
            null,
            null,
            "Function invocations one gateway runs at once, the rest waiting in line (0: no cap).",
            GATEWAY,
            COMPOSE),
    AWS_ACCESS_KEY_ID(
            text("local"),
            null,
            null,
            "Key id the gateway hands its functions and checks on its internal listener.",
            GATEWAY,
            COMPOSE),
    AWS_SECRET_ACCESS_KEY(secret(), null, null, "Its secret (default: local).", GATEWAY, COMPOSE),
    AWS_REGION(text("us-east-1"), null, null, "The region (set by Lambda on AWS).", GATEWAY, FUNCTIONS, PLATFORM),

    // --- self-hosting: Caddy
    IBAL_SITE(text(":80"), null, null, "Caddy's site address (a domain name gets HTTPS).", CADDY, COMPOSE),
    IBAL_UPSTREAMS(text(null), null, null, "The gateway replicas Caddy balances.", CADDY, COMPOSE),
    IBAL_HEALTH_PORT(whole(8081, 1, 65_535), null, null, "The replicas' port Caddy health-checks.", CADDY, COMPOSE),

    // --- the Lambda runtime (Spring Cloud Function's adapter reads them)
    MAIN_CLASS(
            text(null), null, null, "The Spring application class the function invoker starts.", FUNCTIONS, LAMBDA_ENV),
    SPRING_CLOUD_FUNCTION_DEFINITION(
            text(null),
            null,
            null,
            "Which registered function a Lambda runs (connect, chat, disconnect, httpApi).",
            FUNCTIONS,
            LAMBDA_ENV),

    // --- set by Lambda
    AWS_LAMBDA_FUNCTION_NAME(
            text(null),
            null,
            null,
            "The function's own name; replies hand off asynchronously when it is set.",
            FUNCTIONS,
            PLATFORM),
    AWS_ENDPOINT_URL(
            url(null), null, null, "The AWS SDK's endpoint override (LocalStack sets it).", FUNCTIONS, PLATFORM),
    AWS_ENDPOINT_URL_SSM(url(null), null, null, "The AWS SDK's SSM endpoint override.", FUNCTIONS, PLATFORM);

    private final Spec spec;
    private final String awsParameter;
    private final String notOnAws;
    private final String doc;
    private final Set<Place> places;

    Setting(Spec spec, String awsParameter, String notOnAws, String doc, Place first, Place... rest) {
        this.spec = spec;
        this.awsParameter = awsParameter;
        this.notOnAws = notOnAws;
        this.doc = doc;
        this.places = EnumSet.of(first, rest);
    }

    public Spec spec() {
        return spec;
    }

    /** The template.yaml parameter that sets it on AWS, or null. */
    public String awsParameter() {
        return awsParameter;
    }

    /** Why a setting the functions read is deliberately absent from template.yaml's function environment. */
    public String notOnAws() {
        return notOnAws;
    }

    public String doc() {
        return doc;
    }

    public Set<Place> places() {
        return places;
    }

    public boolean appliesTo(Place place) {
        return places.contains(place);
    }
}
