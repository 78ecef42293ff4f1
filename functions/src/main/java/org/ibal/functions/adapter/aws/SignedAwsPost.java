package org.ibal.functions.adapter.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * One SigV4-signed POST of a UTF-8 body to an AWS service, for the single calls (Lambda Invoke, SSM GetParameter)
 * made by hand rather than with an SDK service module that would add megabytes to a jar that must stay under 30 MB.
 */
public final class SignedAwsPost {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final String service;

    /** @param service the SigV4 signing name, e.g. {@code lambda} or {@code ssm} */
    public SignedAwsPost(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, String service) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.service = service;
    }

    /** The service's regional endpoint, e.g. {@code https://ssm.eu-west-1.amazonaws.com}. */
    public static URI endpointFor(String service, Region region) {
        return URI.create("https://" + ServiceMetadata.of(service).endpointFor(region));
    }

    /** What the service answered: its status line and headers, and the body ("" when there is none). */
    public record Answer(SdkHttpResponse response, String body) {
        public int status() {
            return response.statusCode();
        }
    }

    /** @throws IOException when the call cannot be made or its answer read; any status is returned, not thrown */
    public Answer post(URI uri, Map<String, String> headers, String body) throws IOException {
        SdkHttpRequest.Builder builder =
                SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(builder::putHeader);
        SdkHttpRequest request = builder.build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                        .request(signed.request())
                        .contentStreamProvider(signed.payload().orElse(null))
                        .build())
                .call();
        return new Answer(response.httpResponse(), text(response));
    }

    private static String text(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
