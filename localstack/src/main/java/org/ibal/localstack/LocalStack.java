package org.ibal.localstack;

import java.net.URI;
import java.util.Map;

/**
 * A running LocalStack the tests may use: where it answers and the keys and region to sign with (LocalStack accepts
 * any; these put everything in its default account).
 *
 * @param source how it was found, for messages: a Testcontainers container or {@code AWS_ENDPOINT_URL}
 */
public record LocalStack(URI endpoint, String region, String accessKey, String secretKey, String source) {

    /** The variables an AWS CLI, SDK or script run as a subprocess needs to reach this LocalStack. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region,
                "AWS_ACCESS_KEY_ID", accessKey,
                "AWS_SECRET_ACCESS_KEY", secretKey);
    }

    @Override
    public String toString() {
        return "LocalStack at " + endpoint + " (" + source + ")";
    }
}
