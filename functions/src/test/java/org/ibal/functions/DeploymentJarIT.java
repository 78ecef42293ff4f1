package org.ibal.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.DynamoDbLocal;
import org.ibal.functions.support.Events;
import org.ibal.functions.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** The built deployment jar: what is (not) in it, and how fast a fresh JVM on it handles its first event. */
@ExtendWith(DynamoDbLocal.class)
class DeploymentJarIT {
    /** The deployment target "under 30 MB", read strictly (decimal megabytes). */
    private static final long MAX_BYTES = 30_000_000L;

    private final Path jar = Path.of(System.getProperty("ibal.functions.jar", "target/ibal-functions.jar"));

    @Test
    void theJar_isUnder30MB_namesItsStartClass_andCarriesNoTestOrLocalOnlyCode() throws IOException {
        assertThat(Files.size(jar)).isLessThan(MAX_BYTES);
        try (JarFile file = new JarFile(jar.toFile())) {
            var attributes = file.getManifest().getMainAttributes();
            assertThat(attributes.getValue("Start-Class")).isEqualTo("org.ibal.functions.IbalFunctions");
            assertThat(attributes.getValue("Main-Class")).isEqualTo("org.ibal.functions.IbalFunctions");
            List<String> names = Collections.list(file.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
            assertThat(names)
                    .contains(
                            "org/ibal/functions/IbalFunctions.class",
                            "org/springframework/cloud/function/adapter/aws/FunctionInvoker.class",
                            "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class");
            assertThat(names)
                    .noneMatch(n -> n.startsWith("software/amazon/dynamodb/services/local/"))
                    .noneMatch(n -> n.startsWith("com/almworks/sqlite4java/"))
                    .noneMatch(n -> n.startsWith("org/ibal/")
                            && (n.contains("/support/")
                                    || n.endsWith("Test.class")
                                    || n.endsWith("IT.class")
                                    || n.contains("ColdStartProbe")))
                    .noneMatch(n -> n.startsWith("org/apache/http/")
                            || n.startsWith("io/netty/")
                            || n.startsWith("software/amazon/awssdk/http/apache/")
                            || n.startsWith("software/amazon/awssdk/http/nio/netty/"))
                    .noneMatch(n -> n.startsWith("org/junit/") || n.startsWith("events/"));
            String factories = new String(
                    file.getInputStream(file.getEntry("META-INF/spring.factories"))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(factories)
                    .as("merged, not overwritten")
                    .contains("ContextFunctionCatalogInitializer")
                    .contains("CustomRuntimeInitializer");
        }
    }

    /**
     * How a host JVM (the local gateway) can keep the functions' dependencies apart from its own: the jar in its
     * own class loader, found by its manifest's Start-Class, invoked reflectively with that loader as the thread
     * context class loader (the AWS adapter loads event types through it).
     */
    @Test
    void theJar_runsInAnIsolatedClassLoader_findingItsStartClassInTheManifest() throws Exception {
        String table = DynamoDbLocal.newTable();
        Map<String, String> config = Map.of(
                "TABLE_NAME",
                table,
                "DYNAMODB_ENDPOINT",
                DynamoDbLocal.endpoint().toString(),
                "JWT_SIGNING_KEY",
                TestKeys.ecKey("iso").toJSONString(),
                "aws.accessKeyId",
                "local",
                "aws.secretAccessKey",
                "local",
                "aws.region",
                "us-east-1");
        config.forEach(System::setProperty);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (var loader = new java.net.URLClassLoader(
                new java.net.URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> invokerType = loader.loadClass("org.springframework.cloud.function.adapter.aws.FunctionInvoker");
            Object invoker = invokerType.getConstructor(String.class).newInstance("httpApi");
            var out = new java.io.ByteArrayOutputStream();
            String event = Events.http("GET", "/api/health", Map.of(), Map.of(), null);
            invokerType
                    .getMethod(
                            "handleRequest",
                            java.io.InputStream.class,
                            java.io.OutputStream.class,
                            loader.loadClass("com.amazonaws.services.lambda.runtime.Context"))
                    .invoke(
                            invoker,
                            new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                            out,
                            null);

            JsonNode response = Json.MAPPER.readTree(out.toByteArray());
            assertThat(response.get("statusCode").asInt()).isEqualTo(200);
            assertThat(invokerType.getClassLoader()).isSameAs(loader);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            config.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void aFreshJvmOnTheJar_handlesItsFirstEvent_quickly() throws Exception {
        // given: the probe alone beside the jar, configured the way the local gateway configures functions
        Path probeDir = Files.createTempDirectory("coldstart");
        Path probeClass = probeDir.resolve("org/ibal/functions/ColdStartProbe.class");
        Files.createDirectories(probeClass.getParent());
        Files.copy(Path.of("target/test-classes/org/ibal/functions/ColdStartProbe.class"), probeClass);
        String table = DynamoDbLocal.newTable();
        String event = Events.http("GET", "/api/health", Map.of(), Map.of(), null);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-DTABLE_NAME=" + table,
                "-DDYNAMODB_ENDPOINT=" + DynamoDbLocal.endpoint(),
                "-DJWT_SIGNING_KEY=" + TestKeys.ecKey("cold").toJSONString(),
                "-Daws.accessKeyId=local",
                "-Daws.secretAccessKey=local",
                "-Daws.region=us-east-1",
                "-cp",
                jar.toAbsolutePath() + java.io.File.pathSeparator + probeDir,
                "org.ibal.functions.ColdStartProbe",
                event));

        // when
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // then
        String probeLine = output.lines()
                .filter(l -> l.startsWith("PROBE "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the probe printed no result:\n" + output));
        String[] parts = probeLine.split(" ", 3);
        long millis = Long.parseLong(parts[1]);
        JsonNode response = Json.MAPPER.readTree(parts[2]);
        System.out.println("cold start to first handled event: " + millis + " ms");
        Files.writeString(Path.of("target/coldstart.txt"), millis + "\n");
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        // The target is < 2 s on an idle machine; the bound only catches gross regressions, because the CPU
        // here is shared and a busy neighbour alone can triple the figure.
        assertThat(millis).as("ms from JVM start to the first handled event").isLessThan(15_000);
    }
}
