package org.ibal.functions.adapter.openedx;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ibal.functions.domain.error.SignInFailedException;
import org.ibal.functions.domain.port.OpenEdxTokenExchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST {LMS}/oauth2/access_token/} with the client secret and PKCE verifier, asking for an asymmetric JWT
 * ({@code token_type=jwt}, {@code asymmetric_jwt=true}), whose signature and claims are then verified. Never
 * retried: an authorization code is single-use, so a retry after a lost answer could only fail. Nothing from the
 * request or the answer body is logged or kept; the LMS token is dropped once verified.
 */
public final class HttpOpenEdxTokenExchange implements OpenEdxTokenExchange {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern OAUTH_ERROR = Pattern.compile("[a-z_]{1,40}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNAVAILABLE =
            "The LMS did not answer in time. Close this window and try again in " + "a minute.";

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final OpenEdxJwtVerifier verifier;
    private final HttpClient http;
    private final Duration requestTimeout;

    public HttpOpenEdxTokenExchange(
            String lmsUrl,
            String clientId,
            String clientSecret,
            OpenEdxJwtVerifier verifier,
            HttpClient http,
            Duration requestTimeout) {
        String base = lmsUrl.endsWith("/") ? lmsUrl.substring(0, lmsUrl.length() - 1) : lmsUrl;
        this.tokenEndpoint = URI.create(base + "/oauth2/access_token/");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.verifier = verifier;
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** Short connect timeout; no redirects (a moved token endpoint is a configuration error, not a detour). */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Identity exchange(String code, String redirectUri, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("code_verifier", codeVerifier);
        form.put("token_type", "jwt");
        form.put("asymmetric_jwt", "true");
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(requestTimeout)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SignInFailedException(
                    "lms_unavailable",
                    UNAVAILABLE,
                    "LMS token endpoint unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailedException("lms_unavailable", UNAVAILABLE, "interrupted waiting for the LMS");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status == 400 || status == 401) {
            throw new SignInFailedException(
                    "exchange_failed",
                    "The LMS did not accept this sign-in. Close this window and sign in again.",
                    "LMS token endpoint answered " + status + " " + oauthError(body));
        }
        if (status != 200) {
            throw new SignInFailedException("lms_unavailable", UNAVAILABLE, "LMS token endpoint answered " + status);
        }
        JsonNode token = body == null ? null : body.get("access_token");
        JsonNode type = body == null ? null : body.get("token_type");
        if (token == null || !token.isString() || type == null || !"jwt".equalsIgnoreCase(type.asString())) {
            throw new SignInFailedException(
                    "invalid_token",
                    "The LMS answered in a way IBAL does not understand, "
                            + "so you are not signed in. Ask your administrator to check IBAL's Open edX settings.",
                    "LMS token endpoint answered no JWT (token_type=jwt not honoured?)");
        }
        return verifier.verify(token.asString());
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** The OAuth2 {@code error} code, when it looks like one: safe to log. */
    private static String oauthError(JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        return error != null
                        && error.isString()
                        && OAUTH_ERROR.matcher(error.asString()).matches()
                ? error.asString()
                : "(no error code)";
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
