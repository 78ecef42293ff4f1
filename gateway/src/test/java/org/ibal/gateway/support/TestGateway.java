package org.ibal.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.GatewayConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Starts a real gateway on a random port with an in-memory store, from explicit settings. */
public final class TestGateway {
    private TestGateway() {}

    public static Gateway start(Path template, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("IBAL_HOST", "127.0.0.1");
        settings.put("IBAL_PORT", "0");
        settings.put("IBAL_STORE", "memory");
        settings.put("IBAL_TEMPLATE", template.toString());
        settings.put("IBAL_DATA_DIR", "target/ibal-test");
        settings.put("IBAL_STATIC_DIR", "target/no-frontend");
        settings.putAll(extra);
        return Gateway.start(GatewayConfig.from(settings));
    }

    /** A DynamoDB client for {@code gateway}'s store, over HTTP like any other process's. */
    public static DynamoDbClient storeClient(Gateway gateway) {
        return storeClient(gateway.storeEndpoint());
    }

    /** A DynamoDB client for the store at {@code endpoint}, over HTTP. */
    public static DynamoDbClient storeClient(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * One raw DynamoDB call (its JSON body as sent) to the store at {@code endpoint} over HTTP, answered by DynamoDB
     * Local's own server: the reference an in-process answer is compared with.
     */
    public static HttpResponse<String> dynamoDbOverHttp(String endpoint, String operation, String body)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(endpoint))
                                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                                .header("Content-Type", "application/x-amz-json-1.0")
                                .header(
                                        "Authorization",
                                        "AWS4-HMAC-SHA256 Credential=local/20261203/us-east-1/dynamodb/aws4_request,"
                                                + " SignedHeaders=host, Signature=0")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    public static Gateway fixture(Map<String, String> extra) throws Exception {
        return start(FixtureFunctions.template(), extra);
    }
}
