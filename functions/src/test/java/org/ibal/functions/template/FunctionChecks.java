package org.ibal.functions.template;

import static org.ibal.functions.template.Template.map;
import static org.ibal.functions.template.Template.subText;
import static org.ibal.functions.template.Template.variables;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions against the code and the contract: the handler on the classpath, the function names
 * IbalFunctions registers, SnapStart versions that follow changed settings, the shared environment.
 */
final class FunctionChecks {
    static final String JAR = "functions/target/ibal-functions.jar";
    static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    /** The environment every function gets (docs: the fixed contract with functions/ and gateway/). */
    static final List<String> CONTRACT_ENV = List.of(
            "MAIN_CLASS",
            "TABLE_NAME",
            "JWT_ISSUER",
            "JWT_AUDIENCE",
            "JWT_SIGNING_KEY_PARAMETER",
            "ACCESS_TOKEN_TTL_SECONDS",
            "REFRESH_TOKEN_TTL_SECONDS",
            "MESSAGE_MAX_CHARS",
            "MESSAGE_RATE_PER_MINUTE",
            "DAILY_MESSAGE_QUOTA",
            "CONNECT_RATE_PER_MINUTE",
            "CONNECT_FAILURES_PER_IP_PER_MINUTE",
            "SESSIONS_PER_DAY",
            "REGISTRATION_POLICY",
            "REGISTRATIONS_PER_IP_PER_HOUR",
            "LOGIN_FAILURES_PER_ACCOUNT_AND_IP",
            "LOGIN_FAILURES_PER_IP",
            "PASSWORD_MIN_LENGTH",
            "MODEL_PROVIDER",
            "DEMO_MODEL_DELAY_MS",
            "FLOWISE_URL",
            "FLOWISE_CHATFLOW_ID",
            "FLOWISE_API_KEY_PARAMETER",
            "FLOWISE_TIMEOUT",
            "FLOWISE_MAX_RETRIES",
            "OPENAI_BASE_URL",
            "OPENAI_MODEL",
            "OPENAI_API_KEY_PARAMETER",
            "OPENAI_SYSTEM_PROMPT",
            "OPENAI_HISTORY_TOKEN_BUDGET",
            "MODEL_FIRST_TOKEN_TIMEOUT",
            "MODEL_IDLE_TIMEOUT",
            "MODEL_BREAKER_MINIMUM_CALLS",
            "MODEL_BREAKER_WAIT",
            "MODEL_MAX_CONCURRENT_CALLS",
            "OPENEDX_LMS_URL",
            "OPENEDX_CLIENT_ID",
            "OPENEDX_CLIENT_SECRET_PARAMETER",
            "OPENEDX_JWT_ISSUER",
            "OPENEDX_JWT_AUDIENCE",
            "OPENEDX_JWK_SET",
            "LMS_ASSERTION_PUBLIC_JWK",
            "LMS_ASSERTION_ISSUER",
            "ALLOWED_ORIGINS",
            "REPLY_MODE",
            "STREAM_COALESCE_MS",
            "STOP_POLL_MS",
            "LAMBDA_ENDPOINT",
            "MANAGEMENT_API_ENDPOINT",
            "ADMIN_USERNAMES",
            "TEACHERS_SELF_SERVE",
            "RETENTION_DAYS",
            "COST_CURRENCY",
            "MODEL_PRICE_IN_PER_1K",
            "MODEL_PRICE_OUT_PER_1K");

    /** Where pushes go: the stack's own WebSocket API and stage, never a parameter a deployer could point elsewhere. */
    static final String MANAGEMENT_API_ENDPOINT =
            "https://${WebSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageName}";

    private final Template template;

    FunctionChecks(Template template) {
        this.template = template;
    }

    List<String> handlerProblems() {
        List<String> problems = new ArrayList<>();
        template.functions().forEach((id, props) -> {
            Object codeUri =
                    props.getOrDefault("CodeUri", template.globalFunction().get("CodeUri"));
            if (!JAR.equals(codeUri)) {
                problems.add(id + ": CodeUri is " + codeUri + ", not the deployment jar " + JAR);
            }
            Object handler =
                    props.getOrDefault("Handler", template.globalFunction().get("Handler"));
            if (!(handler instanceof String text) || !text.contains("::")) {
                problems.add(id + ": Handler " + handler + " is not Class::method");
                return;
            }
            if (!HANDLER.equals(text)) {
                problems.add(id + ": Handler is " + text + ", not Spring Cloud Function's " + HANDLER);
            }
            String className = text.substring(0, text.indexOf("::"));
            String method = text.substring(text.indexOf("::") + 2);
            try {
                Class<?> type = Class.forName(className, false, FunctionChecks.class.getClassLoader());
                type.getMethod(
                        method,
                        InputStream.class,
                        OutputStream.class,
                        com.amazonaws.services.lambda.runtime.Context.class);
            } catch (ClassNotFoundException e) {
                problems.add(id + ": handler class " + className + " is not on the functions classpath");
            } catch (NoSuchMethodException e) {
                problems.add(id + ": " + className + " has no " + method + "(InputStream, OutputStream, Context)");
            }
        });
        return problems;
    }

    List<String> definitionProblems(Set<String> registered) {
        List<String> problems = new ArrayList<>();
        template.definitions().forEach((id, definition) -> {
            if (definition == null) {
                problems.add(id + ": no SPRING_CLOUD_FUNCTION_DEFINITION in its Environment");
            } else if (!registered.contains(definition)) {
                problems.add(id + ": SPRING_CLOUD_FUNCTION_DEFINITION " + definition
                        + " names no function IbalFunctions registers " + registered);
            }
        });
        return problems;
    }

    /**
     * Integrations target the `live` alias, so every function must publish versions with SnapStart, and
     * must publish a new one when only a parameter changes (SAM would not: see ConfigRevision).
     */
    List<String> publishingProblems() {
        List<String> problems = new ArrayList<>();
        template.functions().forEach((id, props) -> {
            Object alias = props.getOrDefault(
                    "AutoPublishAlias", template.globalFunction().get("AutoPublishAlias"));
            Object snapStart =
                    props.getOrDefault("SnapStart", template.globalFunction().get("SnapStart"));
            Object runtime =
                    props.getOrDefault("Runtime", template.globalFunction().get("Runtime"));
            if (!"live".equals(alias)) {
                problems.add(id + ": AutoPublishAlias must be live, found " + alias);
            }
            if (!Map.of("ApplyOn", "PublishedVersions").equals(snapStart)) {
                problems.add(id + ": SnapStart must apply on published versions, found " + snapStart);
            }
            if (!"java21".equals(runtime)) {
                problems.add(id + ": Runtime must be java21, found " + runtime);
            }
            String description = subText(props.get("VersionDescription"));
            if (description == null || !description.contains("${ConfigRevision}")) {
                problems.add(id + ": VersionDescription must carry ${ConfigRevision}, or changed parameters"
                        + " never reach the live alias");
            }
        });
        return problems;
    }

    List<String> environmentProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> global = variables(template.globalFunction());
        if (!new LinkedHashSet<>(global.keySet()).equals(new LinkedHashSet<>(CONTRACT_ENV))) {
            Set<String> missing = new TreeSet<>(CONTRACT_ENV);
            missing.removeAll(global.keySet());
            Set<String> extra = new TreeSet<>(global.keySet());
            CONTRACT_ENV.forEach(extra::remove);
            problems.add("Globals environment differs from the contract: missing " + missing + ", extra " + extra);
        }
        if (!"org.ibal.functions.IbalFunctions".equals(global.get("MAIN_CLASS"))) {
            problems.add("MAIN_CLASS is " + global.get("MAIN_CLASS"));
        }
        if (!Map.of("Ref", "ChatTable").equals(global.get("TABLE_NAME"))) {
            problems.add("TABLE_NAME is not !Ref ChatTable: " + global.get("TABLE_NAME"));
        }
        Map<String, Object> parameters = map(template.root().get("Parameters"));
        global.forEach((name, value) -> {
            if (name.equals("MAIN_CLASS") || name.equals("TABLE_NAME")) {
                return;
            }
            if (name.equals("MANAGEMENT_API_ENDPOINT")) {
                if (!MANAGEMENT_API_ENDPOINT.equals(subText(value))) {
                    problems.add(
                            "MANAGEMENT_API_ENDPOINT must be !Sub " + MANAGEMENT_API_ENDPOINT + ", found " + value);
                }
                return;
            }
            if (!(value instanceof Map<?, ?> ref)
                    || !(ref.get("Ref") instanceof String parameter)
                    || !parameters.containsKey(parameter)) {
                problems.add(name + " is not a !Ref to a template parameter: " + value);
            } else if (!map(parameters.get(parameter)).containsKey("Default")) {
                problems.add(name + ": parameter " + parameter + " has no Default, so a local run has no value");
            }
        });
        template.functions().forEach((id, props) -> {
            Set<String> own = variables(props).keySet();
            if (!own.equals(Set.of("SPRING_CLOUD_FUNCTION_DEFINITION"))) {
                problems.add(id + ": only SPRING_CLOUD_FUNCTION_DEFINITION may differ per function, found " + own);
            }
        });
        return problems;
    }

    /** Environment names the functions' sources read that the template does not set. */
    List<String> unsetVariables(Set<String> readBySources, Set<String> providedElsewhere) {
        Set<String> set = new TreeSet<>(variables(template.globalFunction()).keySet());
        set.add("SPRING_CLOUD_FUNCTION_DEFINITION");
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(readBySources)) {
            if (!set.contains(name) && !providedElsewhere.contains(name) && !name.startsWith("AWS_")) {
                problems.add("the functions read " + name + " but the template does not set it");
            }
        }
        return problems;
    }
}
