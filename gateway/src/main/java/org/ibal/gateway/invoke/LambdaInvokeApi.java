package org.ibal.gateway.invoke;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.ibal.gateway.Json;
import org.ibal.gateway.lambda.FunctionRuntime;
import org.ibal.gateway.lambda.Outcome;
import org.ibal.gateway.web.Answer;

/**
 * Lambda's {@code Invoke} API for the template's functions, on the internal listener (which has checked the caller's
 * signature), so a function can invoke another (or itself) the way it does on AWS:
 * {@code POST /2015-03-31/functions/{FunctionName}/invocations}. The gateway sets the functions' {@code LAMBDA_ENDPOINT}
 * to its internal URL. {@code FunctionName} may be the logical id, an ARN, a partial ARN, or carry a qualifier
 * (ignored: there are no versions here) — a function learns its own ARN from its Context, which names the logical id.
 *
 * <ul>
 *   <li>{@code X-Amz-Invocation-Type: Event} → 202 at once; the function runs on a virtual thread through the same
 *       invocation path as routes (its outcome is only logged, as Lambda would). At most {@value #MAX_WAITING_EVENTS}
 *       accepted events may wait for an invocation slot; past that, 429 {@code TooManyRequestsException}, as Lambda
 *       throttles.</li>
 *   <li>{@code RequestResponse} (the default) → 200 with the function's answer; a crash → 200 with
 *       {@code X-Amz-Function-Error: Unhandled}.</li>
 *   <li>{@code DryRun} → 204. An unknown function → 404 {@code ResourceNotFoundException}.</li>
 * </ul>
 */
public final class LambdaInvokeApi {
    static final String PREFIX = "/2015-03-31/functions/";
    private static final String SUFFIX = "/invocations";
    private static final String INVOCATION_TYPE = "X-Amz-Invocation-Type";
    /** Lambda's payload limit for asynchronous invocations. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Events accepted but still waiting for an invocation slot, at most; beyond, the caller is throttled. */
    public static final int MAX_WAITING_EVENTS = 256;
    /** Lambda's longest function timeout: how long a synchronous call or an async run may take here. */
    private static final Duration LONGEST_RUN = Duration.ofMinutes(15);

    private final FunctionRuntime runtime;
    private final Set<String> functionIds;
    private final AtomicInteger waitingEvents = new AtomicInteger();

    public LambdaInvokeApi(FunctionRuntime runtime, Set<String> functionIds) {
        this.runtime = runtime;
        this.functionIds = Set.copyOf(functionIds);
    }

    public boolean matches(String path) {
        return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length();
    }

    /** @param payload the request body, already read (and its signature checked); null when it passed the limit */
    public void handle(Request request, Response response, Callback callback, String path, byte[] payload) {
        invoke(request.getMethod(), path, request.getHeaders().get(INVOCATION_TYPE), payload)
                .send(response, callback);
    }

    /**
     * The same call made in-process by a function this gateway runs ({@link org.ibal.gateway.inprocess.InProcessOffer}):
     * no socket, no signature to check, the same answers.
     *
     * @param rawPath the request's path as sent, percent-encoded
     */
    public Answer handleInProcess(String method, String rawPath, String invocationType, byte[] payload) {
        String path = URIUtil.decodePath(rawPath);
        if (!matches(path)) {
            return Answer.error(404, "ResourceNotFoundException", "Not Found");
        }
        return invoke(method, path, invocationType, payload.length > MAX_PAYLOAD_BYTES ? null : payload);
    }

    private Answer invoke(String method, String path, String invocationType, byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        return answer(method, path, invocationType, payload, requestId).withHeader("x-amzn-RequestId", requestId);
    }

    private Answer answer(String method, String path, String invocationType, byte[] payload, String requestId) {
        if (!method.equals("POST")) {
            return error(405, "InvalidRequestContentException", "Invoke is POST");
        }
        String functionId = functionId(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
        if (!functionIds.contains(functionId)) {
            return error(404, "ResourceNotFoundException", "Function not found: " + functionId);
        }
        if (payload == null) {
            return error(
                    413,
                    "RequestTooLargeException",
                    "Request must be smaller than " + MAX_PAYLOAD_BYTES + " bytes for the InvokeAsync operation");
        }
        byte[] event = payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload;
        return switch (invocationType == null ? "RequestResponse" : invocationType) {
            case "Event" -> {
                if (waitingEvents.incrementAndGet() > MAX_WAITING_EVENTS) {
                    waitingEvents.decrementAndGet();
                    yield Answer.error(
                            429,
                            "TooManyRequestsException",
                            Json.bytes(Json.object()
                                    .put("Reason", "CallerRateLimitExceeded")
                                    .put("Type", "User")
                                    .put("message", "Rate Exceeded.")));
                }
                Thread.ofVirtual()
                        .name("invoke-async-" + functionId)
                        .start(() -> runAsync(functionId, event, requestId));
                yield Answer.empty(202);
            }
            case "DryRun" -> Answer.empty(204);
            case "RequestResponse" -> answer(runtime.invoke(functionId, event, requestId, LONGEST_RUN));
            default ->
                error(
                        400,
                        "InvalidParameterValueException",
                        "X-Amz-Invocation-Type must be Event, RequestResponse or DryRun");
        };
    }

    /** Events accepted and still waiting for a slot. */
    int waitingEvents() {
        return waitingEvents.get();
    }

    /** The logical id in any spelling Lambda accepts: name, {@code name:qualifier}, ARN or partial ARN. */
    static String functionId(String functionName) {
        String name = functionName;
        int function = name.indexOf(":function:");
        if (function >= 0) {
            name = name.substring(function + ":function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private void runAsync(String functionId, byte[] event, String requestId) {
        // Lambda would retry a failure twice; here it is only reported, by the runtime, once per kind of failure.
        runtime.invoke(functionId, event, requestId, LONGEST_RUN, waitingEvents::decrementAndGet);
    }

    private static Answer answer(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Success success -> Answer.json(200, success.response());
            case Outcome.Failed failed -> functionError(failed.reason());
            case Outcome.TimedOut timedOut -> functionError("Task timed out");
        };
    }

    private static Answer functionError(String message) {
        return Answer.json(
                        200,
                        Json.bytes(Json.object().put("errorMessage", message).put("errorType", "Unhandled")))
                .withHeader("X-Amz-Function-Error", "Unhandled");
    }

    private static Answer error(int status, String type, String message) {
        return Answer.error(
                status, type, Json.bytes(Json.object().put("Type", "User").put("message", message)));
    }
}
