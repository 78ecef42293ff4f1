package org.ibal.gateway.sigv4;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ibal.gateway.GatewayConfig.Credentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs the gateway's own calls to its peers' internal listeners (a forwarded {@code @connections} call) with the
 * credentials every replica shares, as the AWS SDK signs a function's call.
 */
public final class SigV4Signer {
    private final AwsCredentialsIdentity identity;
    private final String region;

    public SigV4Signer(Credentials credentials, String region) {
        this.identity = AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
        this.region = region;
    }

    /**
     * The headers to add to a call of {@code method} on {@code uri} carrying {@code headers} and {@code body}:
     * Authorization, X-Amz-Date and x-amz-content-sha256 (Host is the URI's authority, as HTTP clients send it).
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, String service) {
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(identity)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request();
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host") && !headers.containsKey(header.getKey())) {
                added.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return added;
    }
}
