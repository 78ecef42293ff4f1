package org.ibal.gateway.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Map;
import org.ibal.gateway.template.FunctionSpec;

/**
 * One function, instantiated in its own class loader and invoked in-process the way the Lambda Java
 * runtime does: the event as JSON bytes in, the response as JSON bytes out.
 */
public final class LambdaFunction {
    static final String SCF_INVOKER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionSpec spec;
    private final ClassLoader loader;
    private final LambdaContexts contexts;
    private final String region;
    private final Object handler;
    private final Method method;
    private final boolean streaming;

    LambdaFunction(FunctionSpec spec, ClassLoader loader, String region) {
        this.spec = spec;
        this.loader = loader;
        this.region = region;
        this.contexts = new LambdaContexts(loader, spec.logicalId());
        String[] parts = spec.handler().split("::", 2);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> type = Class.forName(parts[0], true, loader);
            this.handler = instantiate(type);
            String methodName = parts.length == 2 ? parts[1] : "handleRequest";
            this.method = findMethod(type, methodName);
            this.streaming = method.getParameterCount() >= 2
                    && method.getParameterTypes()[0] == InputStream.class
                    && method.getParameterTypes()[1] == OutputStream.class;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    spec.logicalId() + ": handler class " + parts[0] + " is not in " + spec.codeUri(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    spec.logicalId() + ": the handler failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec.logicalId() + ": cannot instantiate " + parts[0] + ": " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    public String name() {
        return spec.logicalId();
    }

    private Object instantiate(Class<?> type) throws ReflectiveOperationException {
        if (type.getName().equals(SCF_INVOKER)) {
            String definition = spec.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION");
            if (definition == null || definition.isBlank()) {
                throw new IllegalStateException(
                        spec.logicalId()
                                + ": a FunctionInvoker handler needs SPRING_CLOUD_FUNCTION_DEFINITION in its Environment.Variables");
            }
            return type.getConstructor(String.class).newInstance(definition);
        }
        return type.getConstructor().newInstance();
    }

    private Method findMethod(Class<?> type, String name) {
        Method best = null;
        for (Method candidate : type.getMethods()) {
            if (candidate.getName().equals(name)
                    && !candidate.isBridge()
                    && candidate.getParameterCount() <= 3
                    && (best == null
                            || candidate.getParameterCount() > best.getParameterCount()
                            || candidate.getParameterTypes()[0] == InputStream.class)) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new IllegalStateException(spec.logicalId() + ": " + type.getName() + " has no public method " + name);
        }
        return best;
    }

    /**
     * Runs the function on the calling thread.
     *
     * @throws FunctionFailedException when it throws or answers Lambda's error JSON
     */
    public byte[] invoke(byte[] event, String requestId) throws FunctionFailedException {
        Instant deadline = Instant.now().plus(spec.timeout());
        Object context = contexts.create(spec.logicalId(), requestId, deadline, spec.memoryMb(), region);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            byte[] output = streaming ? invokeStreaming(event, context) : invokePojo(event, context);
            failIfLambdaError(output);
            return output;
        } catch (InvocationTargetException e) {
            throw new FunctionFailedException(spec.logicalId() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            throw new FunctionFailedException(spec.logicalId() + " could not be invoked: " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private byte[] invokeStreaming(byte[] event, Object context) throws ReflectiveOperationException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object[] args = method.getParameterCount() == 3
                ? new Object[] {new ByteArrayInputStream(event), out, context}
                : new Object[] {new ByteArrayInputStream(event), out};
        method.invoke(handler, args);
        return out.toByteArray();
    }

    /** {@code RequestHandler<Map, ?>} and friends: the event goes in as JDK types, so no loader sees the other's. */
    private byte[] invokePojo(byte[] event, Object context) throws ReflectiveOperationException, java.io.IOException {
        Class<?> input = method.getParameterTypes()[0];
        Object argument;
        if (input == String.class) {
            argument = new String(event, java.nio.charset.StandardCharsets.UTF_8);
        } else if (input.isAssignableFrom(java.util.LinkedHashMap.class)) {
            argument = JSON.readValue(event, new TypeReference<Map<String, Object>>() {});
        } else {
            throw new IllegalStateException(
                    spec.logicalId() + ": handler input type " + input.getName()
                            + " is not supported in-process; use a RequestStreamHandler or RequestHandler<Map<String,Object>, ?>");
        }
        Object result = method.getParameterCount() == 2
                ? method.invoke(handler, argument, context)
                : method.invoke(handler, argument);
        return JSON.writeValueAsBytes(result);
    }

    private void failIfLambdaError(byte[] output) throws FunctionFailedException {
        if (output.length == 0 || output[0] != '{') {
            return;
        }
        try {
            JsonNode node = JSON.readTree(output);
            if (node.has("errorType") && node.has("errorMessage") && !node.has("statusCode")) {
                throw new FunctionFailedException(
                        spec.logicalId() + " failed: " + node.get("errorType").asText() + ": "
                                + node.get("errorMessage").asText(),
                        null);
            }
        } catch (java.io.IOException notJson) {
            // not JSON: the caller decides what a malformed response means
        }
    }
}
