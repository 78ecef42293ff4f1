package org.ibal.functions.support;

import java.util.UUID;
import org.ibal.functions.adapter.dynamo.IbalTable;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * SDK clients for this JVM's LocalStack (as {@link DynamoDbLocal} is DynamoDB Local's), made once, and a fresh table
 * of the production schema per caller. Only for classes marked {@link org.ibal.localstack.LocalStackTest}.
 */
public final class LocalStackAws {
    private static DynamoDbClient dynamo;
    private static CloudFormationClient cloudFormation;
    private static IamClient iam;

    private LocalStackAws() {}

    public static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = configure(DynamoDbClient.builder()).build();
        }
        return dynamo;
    }

    public static synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            cloudFormation = configure(CloudFormationClient.builder()).build();
        }
        return cloudFormation;
    }

    public static synchronized IamClient iam() {
        if (iam == null) {
            iam = configure(IamClient.builder()).build();
        }
        return iam;
    }

    /** Creates a table with a unique name and the production schema, waits until it is active; returns its name. */
    public static String newTable() {
        String name = "ibal-test-" + UUID.randomUUID();
        dynamo().createTable(IbalTable.createTableRequest(name));
        dynamo().waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        LocalStack localStack = LocalStackExtension.localStack();
        return builder.endpointOverride(localStack.endpoint())
                .region(Region.of(localStack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localStack.accessKey(), localStack.secretKey())))
                .httpClient(UrlConnectionHttpClient.create());
    }
}
