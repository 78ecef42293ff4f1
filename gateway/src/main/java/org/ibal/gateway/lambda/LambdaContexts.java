package org.ibal.gateway.lambda;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds the {@code com.amazonaws.services.lambda.runtime.Context} a handler receives. The interface is
 * the one in the function's own jar (its loader's copy), so the context is a dynamic proxy of it.
 */
final class LambdaContexts {
    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";

    private final ClassLoader loader;
    private final Class<?> contextType;
    private final Object logger;

    LambdaContexts(ClassLoader loader, String functionName) {
        this.loader = loader;
        this.contextType = load(loader, CONTEXT);
        Class<?> loggerType = load(loader, LOGGER);
        this.logger = loggerType == null
                ? null
                : Proxy.newProxyInstance(
                        loader,
                        new Class<?>[] {loggerType},
                        (proxy, method, args) -> log(functionName, proxy, method, args));
    }

    /** A context for one invocation; null when the function's jar has no aws-lambda-java-core. */
    Object create(String functionName, String requestId, Instant deadline, int memoryMb, String region) {
        if (contextType == null) {
            return null;
        }
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getLogGroupName" -> "/aws/lambda/" + functionName;
            case "getLogStreamName" -> "local/" + functionName;
            case "getFunctionName" -> functionName;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
            case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
            case "getMemoryLimitInMB" -> memoryMb;
            case "getLogger" -> logger;
            case "toString" -> "LocalContext[" + functionName + " " + requestId + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, handler);
    }

    private static Object log(String functionName, Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("log") && args != null && args.length >= 1) {
            String text = args[0] instanceof byte[] bytes
                    ? new String(bytes, StandardCharsets.UTF_8)
                    : String.valueOf(args[0]);
            System.out.println("[" + functionName + "] " + text.stripTrailing());
            return null;
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return switch (method.getName()) {
            case "toString" -> "LocalLambdaLogger[" + functionName + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
        };
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
