package org.ibal.gateway.support;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the fixture functions (org.ibal.gateway.fixture) with their libraries into a deployment jar,
 * as a function build would, and writes the fixture template beside it. The gateway then loads them
 * in its isolated class loader exactly as it loads the real functions.
 */
public final class FixtureFunctions {
    private static final Path DIR = Path.of("target", "fixture");
    private static boolean built;

    private FixtureFunctions() {}

    /** The fixture template (with CodeUri fixture-functions.jar beside it); built once per JVM. */
    public static synchronized Path template() {
        Path template = DIR.resolve("template.yaml");
        if (!built) { // rebuilt once per test JVM, so edited fixtures are never stale
            try {
                Files.createDirectories(DIR);
                buildJar(DIR.resolve("fixture-functions.jar"));
                try (InputStream in = FixtureFunctions.class.getResourceAsStream("/fixture-template.yaml")) {
                    Files.copy(in, template, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                built = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return template;
    }

    /** A variant of the fixture template with {@code edit} applied to its text (same jar). */
    public static Path variant(String name, java.util.function.UnaryOperator<String> edit) {
        try {
            Path variant = DIR.resolve(name + ".yaml");
            Files.writeString(variant, edit.apply(Files.readString(template())));
            return variant;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void buildJar(Path jar) throws IOException {
        Path classes = Path.of("target", "test-classes");
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (Stream<Path> files = Files.walk(classes.resolve("org/ibal/gateway/fixture"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = classes.relativize(file).toString().replace('\\', '/');
                    seen.add(name);
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            for (Class<?> library :
                    new Class<?>[] {RequestStreamHandler.class, ObjectMapper.class, JsonParser.class, JsonProperty.class
                    }) {
                copyLibrary(
                        Path.of(library.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .getPath()),
                        out,
                        seen);
            }
        }
    }

    private static void copyLibrary(Path library, JarOutputStream out, Set<String> seen) throws IOException {
        try (JarFile source = new JarFile(library.toFile())) {
            for (JarEntry entry : java.util.Collections.list(source.entries())) {
                String name = entry.getName();
                if (entry.isDirectory()
                        || name.startsWith("META-INF/")
                        || name.endsWith("module-info.class")
                        || !seen.add(name)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = source.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
