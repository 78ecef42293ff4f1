package org.ibal.functions.adapter;

import org.ibal.functions.support.LocalStackAws;
import org.ibal.localstack.LocalStackTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB adapters' contract ({@link DynamoStoresContract}) on LocalStack's DynamoDB: the same tests, against an
 * independent implementation of the API's request handling (LocalStack's own front, DynamoDB Local behind it).
 */
@LocalStackTest
class DynamoStoresOnLocalStackTest extends DynamoStoresContract {
    @Override
    protected DynamoDbClient dynamo() {
        return LocalStackAws.dynamo();
    }

    @Override
    protected String newTable() {
        return LocalStackAws.newTable();
    }
}
