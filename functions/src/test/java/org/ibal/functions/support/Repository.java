package org.ibal.functions.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository the tests that check files against each other read (template.yaml, docs, compose...). */
public final class Repository {
    private Repository() {}

    /** The nearest folder up from the working directory holding template.yaml and functions/. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }

    /** A parsed YAML mapping, or an empty one where the value is absent or not a mapping. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
