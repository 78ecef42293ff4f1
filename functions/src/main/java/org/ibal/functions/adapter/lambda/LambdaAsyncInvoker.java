package org.ibal.functions.adapter.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ibal.functions.adapter.aws.SignedAwsPost;
import org.ibal.functions.domain.port.AsyncInvoker;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Lambda {@code Invoke} with {@code X-Amz-Invocation-Type: Event}, as one SigV4-signed POST. Done by hand (like
 * config/SsmParameterReader) rather than with the SDK's lambda module, which would add megabytes to a jar that must
 * stay under 30 MB, for this one call. Lambda answers 202 once the event is queued.
 */
public final class LambdaAsyncInvoker implements AsyncInvoker {
    private final SignedAwsPost lambda;
    private final URI endpoint;

    public LambdaAsyncInvoker(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.lambda = new SignedAwsPost(http, credentials, region, "lambda");
        this.endpoint = endpoint;
    }

    /** The regional Lambda endpoint, e.g. {@code https://lambda.eu-west-1.amazonaws.com}. */
    public static URI endpointFor(Region region) {
        return SignedAwsPost.endpointFor("lambda", region);
    }

    @Override
    public void invokeAsync(String function, String event) {
        // A name, an ARN or "name:alias"; its colons must be encoded in the path like every other character.
        String path = "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations";
        try {
            SignedAwsPost.Answer answer = lambda.post(
                    URI.create(endpoint.toString().replaceAll("/+$", "") + path),
                    Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Event"),
                    event);
            if (answer.status() != 202) {
                String type = answer.response()
                        .firstMatchingHeader("x-amzn-ErrorType")
                        .orElse("");
                throw new IllegalStateException("Lambda Invoke (Event) of " + function + " answered " + answer.status()
                        + " " + type + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Lambda Invoke (Event) of " + function + " failed", e);
        }
    }
}
