package org.ibal.functions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Run in a fresh JVM on the deployment jar (by {@link DeploymentJarIT}): builds the {@code httpApi}
 * FunctionInvoker as Lambda would, handles one health event, and prints the status and the milliseconds from JVM
 * start to the handled event. Depends on nothing but the jar, so it can run beside it alone.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        String event = args[0];
        FunctionInvoker invoker = new FunctionInvoker("httpApi");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        long elapsed = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("PROBE " + elapsed + " " + out.toString(StandardCharsets.UTF_8));
    }
}
