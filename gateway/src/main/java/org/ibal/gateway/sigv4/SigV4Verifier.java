package org.ibal.gateway.sigv4;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ibal.gateway.GatewayConfig.Credentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Checks AWS Signature Version 4 on a call to the internal listener, as IAM checks a call to API Gateway's
 * Management API or to Lambda: the access key and scope must be the gateway's, the request at most 5 minutes from
 * now (AWS's allowance for SigV4), and the signature exactly what the AWS SDK's signer computes for the same method,
 * path, query, signed headers and payload with the gateway's secret key.
 *
 * <p>The signature is recomputed with the SDK's {@link Aws4Signer}, which signs exactly the headers it is given.
 * (Its successor, {@code AwsV4HttpSigner}, always adds {@code x-amz-content-sha256} to what it signs, so it could
 * not reproduce a signature from clients that leave that header out, such as the AWS CLI.)
 */
public final class SigV4Verifier {
    /** How far X-Amz-Date may be from now, either way: "a request must reach AWS within five minutes". */
    public static final Duration ALLOWED_SKEW = Duration.ofMinutes(5);

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided.";

    /** What the check found. */
    public sealed interface Verdict {
        record Valid() implements Verdict {}

        /** No SigV4 Authorization header at all. */
        record Missing() implements Verdict {}

        /** Signed, but not validly: another key, another scope, another signature, or out of time. */
        record Invalid(String message) implements Verdict {}
    }

    /**
     * A call as it arrived.
     *
     * @param rawPath the path exactly as it was on the request line (still percent-encoded)
     * @param headers header values by lower-case name, in arrival order
     */
    public record Call(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final Credentials credentials;
    private final String region;
    private final Clock clock;

    public SigV4Verifier(Credentials credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /** @param service the SigV4 signing name the call's scope must name: {@code execute-api} or {@code lambda} */
    public Verdict verify(Call call, String service) {
        String authorization = call.header("authorization");
        if (authorization == null || !authorization.startsWith("AWS4-")) {
            return new Verdict.Missing();
        }
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches()) {
            return new Verdict.Invalid(MISMATCH);
        }
        String[] scope = parts.group(1).split("/");
        String amzDate = call.header("x-amz-date");
        List<String> signedHeaders = Arrays.asList(parts.group(2).split(";"));
        if (scope.length != 5
                || !scope[0].equals(credentials.accessKeyId())
                || !scope[2].equals(region)
                || !scope[3].equals(service)
                || !scope[4].equals("aws4_request")
                || amzDate == null
                || !amzDate.startsWith(scope[1])
                || !signedHeaders.contains("host")
                || !signedHeaders.contains("x-amz-date")) {
            return new Verdict.Invalid(MISMATCH);
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return new Verdict.Invalid(MISMATCH);
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(ALLOWED_SKEW))) {
            return new Verdict.Invalid("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(ALLOWED_SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            return new Verdict.Invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(ALLOWED_SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
        String expected = recompute(call, signedHeaders, service, signedAt);
        boolean same = expected != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII),
                        parts.group(3).getBytes(StandardCharsets.US_ASCII));
        return same ? new Verdict.Valid() : new Verdict.Invalid(MISMATCH);
    }

    /** The signature the SDK computes for this call with our secret, signing only the headers the caller signed. */
    @SuppressWarnings("deprecation") // Aws4Signer: see the class comment
    private String recompute(Call call, List<String> signedHeaders, String service, Instant signedAt) {
        String host = call.header("host");
        if (host == null) {
            return null;
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(call.method()))
                .protocol("http")
                .host(hostName(host))
                .port(port(host))
                .encodedPath(call.rawPath())
                .contentStreamProvider(ContentStreamProvider.fromByteArray(call.body()));
        query(call.rawQuery()).forEach(request::putRawQueryParameter);
        for (String name : signedHeaders) {
            List<String> values = call.headers().get(name);
            if (values == null) {
                return null; // signed a header that is not there
            }
            request.putHeader(name, values);
        }
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()))
                .signingName(service)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), params);
        Matcher signature =
                SIGNATURE.matcher(signed.firstMatchingHeader("Authorization").orElse(""));
        return signature.find() ? signature.group(1) : null;
    }

    private static String hostName(String host) {
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    private static int port(String host) {
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            try {
                return Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return 80;
            }
        }
        return 80;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length == 2 ? decode(kv[1]) : "");
        }
        return parameters;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
