package org.ibal.functions.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * An LMS that behaves like Open edX's {@code oauth_dispatch} (django-oauth-toolkit 1.7 underneath): an
 * authorization endpoint for a learner who is already logged in to the LMS (the IBAL application skips the consent
 * screen, as the Tutor plugin registers it), and a token endpoint that checks the client, the single-use code, the
 * redirect URI and the PKCE verifier, and answers {@code token_type=jwt} requests with a JWT signed RS512 by the
 * key {@code openedx} ({@code asymmetric_jwt}) or HS256 by its shared secret (without it). Its misbehaviours are
 * switched on per test.
 */
public final class LmsStandIn implements AutoCloseable {
    public static final String CLIENT_ID = "ibal";
    public static final String CLIENT_SECRET = "lms-client-secret-" + UUID.randomUUID();
    public static final String KID = "openedx";
    private static final String SYMMETRIC_SECRET = "lms-symmetric-jwt-secret-of-32-bytes-or-more!";

    private final HttpServer server;
    private final Clock clock;
    /** One per JVM: generating RSA keys is slow on a shared machine. */
    private static final RSAKey SIGNING_KEY = rsa(KID);
    /** Same kid, another key: what a forger or a rotated-away key signs with. */
    public static final RSAKey IMPOSTOR_KEY = rsa(KID);

    public static final RSAKey UNKNOWN_KID_KEY = rsa("rotated");

    private final RSAKey signingKey = SIGNING_KEY;
    private final String redirectUri;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** Every JWT access token the LMS handed out: none of them may reach the browser. */
    public final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    /** Every token-endpoint request, decoded. */
    public final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();

    // Misbehaviours, set by tests.
    public volatile String learner = "ada_lovelace";
    public volatile String learnerName = "Ada Lovelace";
    public volatile boolean denyConsent;
    public volatile Duration tokenDelay = Duration.ZERO;
    public volatile RSAKey tokenKey = signingKey;
    public volatile JWSAlgorithm tokenAlgorithm = JWSAlgorithm.RS512;
    public volatile boolean kidHeader = true;
    public volatile UnaryOperator<JWTClaimsSet.Builder> claims = UnaryOperator.identity();

    private record Grant(String user, String redirectUri, String challenge, String method) {}

    public LmsStandIn(Clock clock, String redirectUri) throws IOException {
        this.clock = clock;
        this.redirectUri = redirectUri;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/authorize/", this::authorize);
        server.createContext("/oauth2/access_token/", this::token);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the Tutor plugin renders into OPENEDX_JWK_SET: the public half of the LMS's signing key. */
    public String jwkSet() {
        return new JWKSet(signingKey.toPublicJWK()).toString();
    }

    public String issuer() {
        return url() + "/oauth2";
    }

    public static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The learner's anonymous id, as {@code anonymous_id_for_user(user, None)} gives it: stable per user. */
    public static String anonymousId(String username) {
        return sha256Hex("anon-" + username).substring(0, 32);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = decode(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || !redirectUri.equals(query.get("redirect_uri"))) {
            // DOT shows an error page rather than redirecting to an unregistered URI.
            send(exchange, 400, "text/html", "<h1>invalid_request: unknown client or redirect URI</h1>");
            return;
        }
        Map<String, String> back = new LinkedHashMap<>();
        if (!"code".equals(query.get("response_type"))) {
            back.put("error", "unsupported_response_type");
        } else if (denyConsent) {
            back.put("error", "access_denied");
        } else {
            String code = UUID.randomUUID().toString().replace("-", "");
            codes.put(
                    code,
                    new Grant(
                            learner,
                            query.get("redirect_uri"),
                            query.get("code_challenge"),
                            query.get("code_challenge_method")));
            back.put("code", code);
        }
        if (query.get("state") != null) {
            back.put("state", query.get("state"));
        }
        exchange.getResponseHeaders().add("Location", redirectUri + "?" + encode(back));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(form);
        if (!tokenDelay.isZero()) {
            try {
                Thread.sleep(tokenDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            send(
                    exchange,
                    400,
                    "application/json",
                    "{\"error\":\"invalid_request\",\"error_description\":" + "\"Mismatching redirect URI.\"}");
            return;
        }
        if (grant.challenge() != null) {
            String verifier = form.get("code_verifier");
            if (verifier == null) {
                send(
                        exchange,
                        400,
                        "application/json",
                        "{\"error\":\"invalid_request\",\"error_description\":" + "\"Code verifier required.\"}");
                return;
            }
            if (!"S256".equals(grant.method()) || !grant.challenge().equals(s256(verifier))) {
                send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
                return;
            }
        }
        ObjectNode answer = Json.object();
        boolean jwt = "jwt".equalsIgnoreCase(form.getOrDefault("token_type", ""));
        if (jwt) {
            String token =
                    jwt(grant.user(), !form.getOrDefault("asymmetric_jwt", "").isEmpty());
            issuedTokens.add(token);
            answer.put("access_token", token)
                    .put("token_type", "JWT")
                    .put("expires_in", 3600)
                    .put("scope", "profile");
        } else {
            answer.put("access_token", UUID.randomUUID().toString())
                    .put("token_type", "Bearer")
                    .put("expires_in", 36000)
                    .put("scope", "profile");
        }
        answer.put("refresh_token", UUID.randomUUID().toString().replace("-", ""));
        send(exchange, 200, "application/json", Json.write(answer));
    }

    /** The claims {@code _create_jwt} builds for the {@code profile} scope. */
    private String jwt(String username, boolean asymmetric) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .audience("openedx")
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("grant_type", "authorization-code")
                .issueTime(Date.from(now))
                .issuer(issuer())
                .claim("preferred_username", username)
                .claim("scopes", List.of("profile"))
                .claim("version", "1.2.0")
                .subject(anonymousId(username))
                .claim("filters", List.of())
                .claim("is_restricted", false)
                .claim("email_verified", true)
                .claim("name", learnerName)
                .claim("family_name", "")
                .claim("given_name", "")
                .claim("administrator", false)
                .claim("superuser", false);
        JWTClaimsSet set = claims.apply(builder).build();
        try {
            if (!asymmetric || tokenAlgorithm.getName().startsWith("HS")) {
                SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), set);
                token.sign(new MACSigner(SYMMETRIC_SECRET.getBytes(StandardCharsets.UTF_8)));
                return token.serialize();
            }
            JWSHeader.Builder header = new JWSHeader.Builder(tokenAlgorithm);
            if (kidHeader) {
                header.keyID(tokenKey.getKeyID());
            }
            SignedJWT token = new SignedJWT(header.build(), set);
            token.sign(new RSASSASigner(tokenKey));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Follows the popup to the authorization endpoint; returns where the LMS sends it back (the callback URL). */
    public URI authorize(String authorizeUrl) throws IOException, InterruptedException {
        var http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        var response = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(authorizeUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 302) {
            throw new IllegalStateException("the LMS refused the authorization request: " + response.statusCode());
        }
        return URI.create(response.headers().firstValue("location").orElseThrow());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static Map<String, String> decode(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException clientGone) {
            // The backend gave up waiting (the timeout test): nothing to answer to.
        } finally {
            exchange.close();
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
