package org.ibal.functions.support;

import java.util.UUID;
import org.ibal.functions.adapter.dynamo.IbalTable;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * LocalStack's DynamoDB, as {@link DynamoDbLocal} is DynamoDB Local's: one client per JVM, and a fresh table of the
 * production schema per caller. Only for classes marked {@link org.ibal.localstack.LocalStackTest}.
 */
public final class LocalStackDynamo {
    private static DynamoDbClient client;

    private LocalStackDynamo() {
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            LocalStack localStack = LocalStackExtension.localStack();
            client = DynamoDbClient.builder()
                    .endpointOverride(localStack.endpoint())
                    .region(Region.of(localStack.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(localStack.accessKey(), localStack.secretKey())))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    /** Creates a table with a unique name and the production schema, waits until it is active; returns its name. */
    public static String newTable() {
        String name = "ibal-test-" + UUID.randomUUID();
        client().createTable(IbalTable.createTableRequest(name));
        client().waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }
}
