package org.ibal.gateway.lambda;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * One class loader per deployment package (a jar, or a directory of classes), as Lambda gives each
 * function its own runtime. The parent is the platform loader, so functions see the JDK and their own
 * jar only — never the gateway's Jetty, Jackson or DynamoDB Local.
 *
 * <p>A jar is loaded from a private copy, as Lambda deploys one: rebuilding the jar while the gateway
 * runs would otherwise pull classes out from under the running functions.
 */
public final class CodeLoaders implements AutoCloseable {
    private final Map<Path, URLClassLoader> loaders = new LinkedHashMap<>();
    private Path copies;

    public synchronized ClassLoader forCode(Path codeUri) {
        Path key = codeUri.toAbsolutePath().normalize();
        URLClassLoader loader = loaders.get(key);
        if (loader == null) {
            loader = open(key);
            loaders.put(key, loader);
        }
        return loader;
    }

    private URLClassLoader open(Path code) {
        if (!Files.exists(code)) {
            throw new IllegalStateException("the function code " + code + " does not exist; build it first"
                    + (code.toString().endsWith("ibal-functions.jar")
                            ? " (./mvnw -pl functions -DskipTests package, or make run)"
                            : ""));
        }
        try {
            Path loaded = Files.isDirectory(code) ? code : privateCopy(code);
            URL url = loaded.toUri().toURL();
            return new URLClassLoader(
                    "lambda:" + code.getFileName(), new URL[] {url}, ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new IllegalStateException("cannot load " + code + ": " + e.getMessage(), e);
        }
    }

    /** Copies the jar, retrying while it is being rewritten (a build in progress). */
    private Path privateCopy(Path jar) throws IOException {
        if (copies == null) {
            copies = Files.createTempDirectory("ibal-code");
        }
        Path copy = copies.resolve(loaders.size() + "-" + jar.getFileName());
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            try (JarFile check = new JarFile(copy.toFile())) {
                check.getManifest();
                return copy;
            } catch (IOException incomplete) {
                last = incomplete;
                sleep();
            }
        }
        throw new IOException(jar + " is not a readable jar (is a build writing it?)", last);
    }

    private static void sleep() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (URLClassLoader loader : loaders.values()) {
            loader.close();
        }
        loaders.clear();
        if (copies != null) {
            try (var files = Files.list(copies)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(copies);
        }
    }
}
