package org.ibal.functions.domain.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The LMS origins sign-in results may be posted to ({@code ALLOWED_ORIGINS}), compared in the form browsers use
 * for {@code window.location.origin}: lower-case {@code scheme://host}, a port only when not the default.
 */
public final class AllowedOrigins {
    private final Set<String> origins;

    private AllowedOrigins(Set<String> origins) {
        this.origins = origins;
    }

    /**
     * @param commaSeparated e.g. {@code https://lms.example.edu,https://studio.example.edu}; null or blank for none
     * @throws IllegalStateException for an entry that is not an exact http(s) origin ({@code *} included: a
     *                               wildcard would hand learners' tokens to any site)
     */
    public static AllowedOrigins parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return new AllowedOrigins(Set.of());
        }
        return new AllowedOrigins(Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> normalize(entry)
                        .orElseThrow(() -> new IllegalStateException(
                                "ALLOWED_ORIGINS entry \"" + entry + "\" is not an origin like https://lms.example.edu "
                                        + "(scheme and host, optional port, no path, no wildcard)")))
                .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    /** @return the origin in canonical form if it is allowed, else empty */
    public Optional<String> allowed(String origin) {
        return normalize(origin).filter(origins::contains);
    }

    static Optional<String> normalize(String origin) {
        if (origin == null || origin.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawUserInfo() == null
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && (uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"));
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }
}
