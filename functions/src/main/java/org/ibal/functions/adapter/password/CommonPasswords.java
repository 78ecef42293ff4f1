package org.ibal.functions.adapter.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The blocklist of common passwords: {@code passwords/common-passwords.txt} on the classpath (its header says where
 * the list comes from and under which licence), lower-cased. Read on first use, not at start: only registration
 * needs it, and every function's cold start would otherwise pay for it.
 */
public final class CommonPasswords implements Predicate<String> {
    static final String RESOURCE = "passwords/common-passwords.txt";

    /** @param password lower-cased and NFKC-normalised */
    @Override
    public boolean test(String password) {
        return Holder.LIST.contains(password);
    }

    /** How many passwords the list holds. */
    public static int size() {
        return Holder.LIST.size();
    }

    private static final class Holder {
        static final Set<String> LIST = load();
    }

    private static Set<String> load() {
        try (InputStream in = CommonPasswords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the password blocklist " + RESOURCE + " is missing from the jar");
            }
            Set<String> passwords = new HashSet<>(16_384);
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    passwords.add(line.toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }
}
