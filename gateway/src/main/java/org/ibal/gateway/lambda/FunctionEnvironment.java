package org.ibal.gateway.lambda;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.ibal.gateway.GatewayConfig;
import org.ibal.gateway.template.FunctionSpec;

/**
 * In-process functions share one JVM, so they share one environment: the template's variables become
 * JVM system properties (Spring's Environment reads them), and they must agree across functions.
 */
public final class FunctionEnvironment {
    /** Each function gets its own value of this one: it picks the Spring Cloud Function bean. */
    static final String PER_FUNCTION = "SPRING_CLOUD_FUNCTION_DEFINITION";

    private FunctionEnvironment() {}

    /**
     * The merged environment of all functions plus {@code provided} (which wins).
     *
     * @throws IllegalStateException naming the variable and functions when two functions disagree
     */
    public static Map<String, String> merge(Collection<FunctionSpec> functions, Map<String, String> provided) {
        Map<String, String> merged = new TreeMap<>();
        Map<String, String> owner = new TreeMap<>();
        for (FunctionSpec function : functions) {
            for (var variable : function.environment().entrySet()) {
                String name = variable.getKey();
                if (name.equals(PER_FUNCTION) || provided.containsKey(name)) {
                    continue;
                }
                String previous = merged.putIfAbsent(name, variable.getValue());
                owner.putIfAbsent(name, function.logicalId());
                if (previous != null && !previous.equals(variable.getValue())) {
                    throw new IllegalStateException(
                            "environment variable " + name + " differs between " + owner.get(name)
                                    + " and " + function.logicalId()
                                    + "; in-process functions share one environment, so give it one"
                                    + " value (Globals.Function.Environment, or set " + name + " for the gateway)");
                }
            }
        }
        merged.putAll(provided);
        return merged;
    }

    /**
     * Publishes the environment as system properties, and {@code credentials} as the AWS SDK's credential properties
     * (which its default chain reads first): the functions sign their {@code @connections} and Invoke calls with them,
     * and the gateway's internal listener accepts no others.
     */
    public static void publish(Map<String, String> environment, GatewayConfig.Credentials credentials) {
        environment.forEach(System::setProperty);
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        setIfAbsent("aws.region", environment.getOrDefault("AWS_REGION", "us-east-1"));
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
