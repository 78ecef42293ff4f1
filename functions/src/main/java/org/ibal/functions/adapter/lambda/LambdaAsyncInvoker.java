package org.ibal.functions.adapter.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.ibal.functions.domain.port.AsyncInvoker;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * Lambda {@code Invoke} with {@code X-Amz-Invocation-Type: Event}, as one SigV4-signed POST. Done by hand (like
 * config/SsmParameterReader) rather than with the SDK's lambda module, which would add megabytes to a jar that must
 * stay under 30 MB, for this one call. Lambda answers 202 once the event is queued.
 */
public final class LambdaAsyncInvoker implements AsyncInvoker {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;

    public LambdaAsyncInvoker(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /** The regional Lambda endpoint, e.g. {@code https://lambda.eu-west-1.amazonaws.com}. */
    public static URI endpointFor(Region region) {
        return URI.create("https://" + ServiceMetadata.of("lambda").endpointFor(region));
    }

    @Override
    public void invokeAsync(String function, String event) {
        // A name, an ARN or "name:alias"; its colons must be encoded in the path like every other character.
        String path = "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations";
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(endpoint.toString().replaceAll("/+$", "") + path))
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Amz-Invocation-Type", "Event")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(event))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            String answer = body(response);
            if (status != 202) {
                String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("");
                throw new IllegalStateException("Lambda Invoke (Event) of " + function + " answered " + status + " "
                        + type + ": " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Lambda Invoke (Event) of " + function + " failed", e);
        }
    }

    private static String body(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
