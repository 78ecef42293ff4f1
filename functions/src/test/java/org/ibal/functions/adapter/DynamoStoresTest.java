package org.ibal.functions.adapter;

import org.ibal.functions.support.DynamoDbLocal;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB adapters' contract ({@link DynamoStoresContract}) on DynamoDB Local, embedded in this JVM. */
@ExtendWith(DynamoDbLocal.class)
class DynamoStoresTest extends DynamoStoresContract {
    @Override
    protected DynamoDbClient dynamo() {
        return DynamoDbLocal.client();
    }

    @Override
    protected String newTable() {
        return DynamoDbLocal.newTable();
    }
}
