package org.ibal.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.ibal.gateway.Gateway;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Calls a gateway's internal listener the way its functions do: the unmodified Management API client, or a request
 * signed by the AWS SDK's SigV4 signer (as the functions sign their Lambda Invoke), with the gateway's default
 * credentials ({@code local}/{@code local}) or others.
 */
public final class InternalApi {
    public static final String KEY_ID = "local";
    public static final String SECRET = "local";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private InternalApi() {}

    /** The Management API client at the gateway's internal {@code /{stage}}, signing with its credentials. */
    public static ApiGatewayManagementApiClient management(Gateway gateway, String stage) {
        return management(gateway, stage, SECRET);
    }

    public static ApiGatewayManagementApiClient management(Gateway gateway, String stage, String secret) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(gateway.internalUrl() + "/" + stage))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, secret)))
                .build();
    }

    /** A POST signed for {@code service} with the gateway's credentials, as the functions sign Lambda's Invoke. */
    public static HttpResponse<String> signedPost(String url, Map<String, String> headers, String body, String service)
            throws Exception {
        return signed("POST", url, headers, body, service, SECRET, Clock.systemUTC());
    }

    public static HttpResponse<String> signed(
            String method,
            String url,
            Map<String, String> headers,
            String body,
            String service,
            String secret,
            Clock clock)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(url));
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(KEY_ID, secret))
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, String.join(",", values));
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same call without any signature. */
    public static HttpResponse<String> unsigned(String method, String url, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} on the gateway's internal listener, unsigned (the health check needs no signature). */
    public static HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.internalUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
