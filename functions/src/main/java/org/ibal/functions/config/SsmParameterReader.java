package org.ibal.functions.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.ibal.functions.adapter.aws.SignedAwsPost;
import org.ibal.functions.handler.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import tools.jackson.databind.JsonNode;

/**
 * SSM GetParameter (decrypted) as one SigV4-signed JSON call. Done by hand rather than with the SDK's ssm module,
 * which weighs 6 MB in the deployment jar for this single call made once per cold start.
 */
public final class SsmParameterReader {
    private final SignedAwsPost ssm;
    private final URI endpoint;

    public SsmParameterReader(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.ssm = new SignedAwsPost(http, credentials, region, "ssm");
        this.endpoint = endpoint;
    }

    /** The regional SSM endpoint, e.g. {@code https://ssm.eu-west-1.amazonaws.com}. */
    public static URI endpointFor(Region region) {
        return SignedAwsPost.endpointFor("ssm", region);
    }

    /** @throws IllegalStateException with SSM's error type when the call fails */
    public String secureString(String name) {
        String body = Json.write(Json.object().put("Name", name).put("WithDecryption", true));
        try {
            SignedAwsPost.Answer reply = ssm.post(
                    endpoint.resolve("/"),
                    Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "AmazonSSM.GetParameter"),
                    body);
            JsonNode answer = reply.body().isBlank() ? Json.object() : Json.MAPPER.readTree(reply.body());
            if (reply.status() != 200) {
                throw new IllegalStateException("SSM GetParameter answered " + reply.status() + " "
                        + answer.path("__type").asString("") + ": "
                        + answer.path("message").asString(""));
            }
            return answer.path("Parameter").path("Value").asString();
        } catch (IOException e) {
            throw new UncheckedIOException("SSM GetParameter failed", e);
        }
    }
}
