package org.ibal.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Gives a test class a LocalStack, found once per JVM, in this order:
 * <ol>
 *   <li>a Docker engine answers: a Testcontainers {@link LocalStackContainer} of {@link #IMAGE}, shared by every
 *       test class and removed when the JVM ends;</li>
 *   <li>else {@code AWS_ENDPOINT_URL} names a LocalStack (the one {@code localstack/localstack-local start} runs,
 *       as {@code make test-localstack} does): it must answer {@code /_localstack/health}, or the tests fail;</li>
 *   <li>else the class's tests are skipped, with a message saying how to run them.</li>
 * </ol>
 * The same tests run whichever way the LocalStack came.
 */
public final class LocalStackExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
    /**
     * The last community image that starts without an auth token (later ones need LOCALSTACK_AUTH_TOKEN). Keep it
     * equal to localstack/docker-compose.yml's (a test checks).
     */
    public static final String IMAGE = "localstack/localstack:4.14.0";

    static final String HOW_TO_RUN = "LocalStack tests need a Docker engine (for Testcontainers) or a running "
            + "LocalStack named by AWS_ENDPOINT_URL: run `make test-localstack` (installs and starts LocalStack "
            + "without Docker, runs these suites, stops it), or `localstack/localstack-local start` and "
            + "AWS_ENDPOINT_URL=http://127.0.0.1:4566";

    private static LocalStack found;
    private static String notFound;
    private static RuntimeException broken;

    /** Skips (reported with the reason) the test classes that have no LocalStack to run against. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        try {
            return ConditionEvaluationResult.enabled(localStack().toString());
        } catch (org.opentest4j.TestAbortedException skipped) {
            System.err.println("[LocalStack] " + context.getDisplayName() + " skipped: " + notFound);
            return ConditionEvaluationResult.disabled(notFound);
        } catch (RuntimeException failing) {
            return ConditionEvaluationResult.enabled("fails in beforeAll: " + failing.getMessage());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        localStack();
    }

    /**
     * The LocalStack of this JVM.
     *
     * @throws org.opentest4j.TestAbortedException (the test is skipped) when there is neither Docker nor an endpoint
     * @throws IllegalStateException when AWS_ENDPOINT_URL is set but no LocalStack answers there
     */
    public static synchronized LocalStack localStack() {
        if (found == null && notFound == null && broken == null) {
            try {
                find(System.getenv("AWS_ENDPOINT_URL"));
            } catch (RuntimeException e) {
                broken = e;
            }
        }
        if (broken != null) {
            throw broken;
        }
        Assumptions.assumeTrue(found != null, () -> notFound);
        return found;
    }

    private static void find(String endpoint) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            found = startContainer();
        } else if (endpoint != null && !endpoint.isBlank()) {
            found = running(URI.create(endpoint.strip()));
        } else {
            notFound = "No Docker engine and no AWS_ENDPOINT_URL. " + HOW_TO_RUN;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers removes it at exit
    private static LocalStack startContainer() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                // As localstack-local starts it: a resource LocalStack cannot create fails its stack.
                .withEnv("CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES", "0");
        container.start();
        return new LocalStack(
                container.getEndpoint(),
                container.getRegion(),
                container.getAccessKey(),
                container.getSecretKey(),
                "Testcontainers " + IMAGE);
    }

    private static LocalStack running(URI endpoint) {
        String problem;
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (health.statusCode() == 200 && health.body().contains("\"services\"")) {
                String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
                return new LocalStack(endpoint, region, "test", "test", "AWS_ENDPOINT_URL");
            }
            problem = "GET /_localstack/health answered " + health.statusCode();
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        throw new IllegalStateException(
                "AWS_ENDPOINT_URL=" + endpoint + " is not a running LocalStack (" + problem + "). " + HOW_TO_RUN);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return localStack();
    }
}
