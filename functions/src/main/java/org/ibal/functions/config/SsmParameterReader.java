package org.ibal.functions.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.ibal.functions.handler.Json;
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
import tools.jackson.databind.JsonNode;

/**
 * SSM GetParameter (decrypted) as one SigV4-signed JSON call. Done by hand rather than with the SDK's ssm module,
 * which weighs 6 MB in the deployment jar for this single call made once per cold start.
 */
public final class SsmParameterReader {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;

    public SsmParameterReader(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /** The regional SSM endpoint, e.g. {@code https://ssm.eu-west-1.amazonaws.com}. */
    public static URI endpointFor(Region region) {
        return URI.create("https://" + ServiceMetadata.of("ssm").endpointFor(region));
    }

    /** @throws IllegalStateException with SSM's error type when the call fails */
    public String secureString(String name) {
        String body = Json.write(Json.object().put("Name", name).put("WithDecryption", true));
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonSSM.GetParameter")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            JsonNode answer = read(response);
            int status = response.httpResponse().statusCode();
            if (status != 200) {
                throw new IllegalStateException("SSM GetParameter answered " + status + " "
                        + answer.path("__type").asString("") + ": " + answer.path("message").asString(""));
            }
            return answer.path("Parameter").path("Value").asString();
        } catch (IOException e) {
            throw new UncheckedIOException("SSM GetParameter failed", e);
        }
    }

    private static JsonNode read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return Json.object();
        }
        try (InputStream in = response.responseBody().get()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
        }
    }
}
