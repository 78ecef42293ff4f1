package org.ibal.functions.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.ibal.functions.adapter.aws.SignedAwsPost;
import org.ibal.functions.handler.Json;
import org.ibal.localstack.LocalStack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Puts SSM parameters into LocalStack with the same signed-POST helper the functions read them with, as
 * {@code aws ssm put-parameter} does (the functions' jar deliberately has no SDK ssm module).
 */
public final class LocalStackSsm {
    private LocalStackSsm() {}

    public static void putSecureString(LocalStack localStack, String name, String value) {
        SignedAwsPost ssm = new SignedAwsPost(
                UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localStack.accessKey(), localStack.secretKey())),
                Region.of(localStack.region()),
                "ssm");
        String body = Json.write(Json.object()
                .put("Name", name)
                .put("Value", value)
                .put("Type", "SecureString")
                .put("Overwrite", true));
        try {
            SignedAwsPost.Answer answer = ssm.post(
                    localStack.endpoint().resolve("/"),
                    Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "AmazonSSM.PutParameter"),
                    body);
            if (answer.status() != 200) {
                throw new IllegalStateException(
                        "PutParameter " + name + " answered " + answer.status() + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
