package org.ibal.gateway.lambda;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One class loader per deployment package (a jar, or a directory of classes), as Lambda gives each
 * function its own runtime. The parent is the platform loader, so functions see the JDK and their own
 * jar only — never the gateway's Jetty, Jackson or DynamoDB Local.
 */
public final class CodeLoaders implements AutoCloseable {
  private final Map<Path, URLClassLoader> loaders = new LinkedHashMap<>();

  public synchronized ClassLoader forCode(Path codeUri) {
    Path key = codeUri.toAbsolutePath().normalize();
    return loaders.computeIfAbsent(key, CodeLoaders::open);
  }

  private static URLClassLoader open(Path code) {
    if (!Files.exists(code)) {
      throw new IllegalStateException("the function code " + code + " does not exist; build it first"
          + (code.toString().endsWith("ibal-functions.jar") ? " (./mvnw -pl functions -DskipTests package, or make run)" : ""));
    }
    try {
      URL url = code.toUri().toURL();
      return new URLClassLoader("lambda:" + code.getFileName(), new URL[] {url}, ClassLoader.getPlatformClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException("cannot load " + code, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    for (URLClassLoader loader : loaders.values()) {
      loader.close();
    }
    loaders.clear();
  }
}
