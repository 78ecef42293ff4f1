package org.ibal.functions.adapter.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The single table: key and attribute names in one place, and its schema (the same as template.yaml's
 * {@code ChatTable} and functions/README.md). TTL on {@link #TTL} is switched on by the template.
 */
public final class IbalTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    /** Epoch seconds after which DynamoDB deletes the item. */
    public static final String TTL = "ttl";

    // Item attributes.
    public static final String USER_ID = "userId";
    public static final String USERNAME = "username";
    public static final String DISPLAY_NAME = "displayName";
    public static final String PROVIDER = "provider";
    public static final String COURSE_ID = "courseId";
    public static final String BLOCK_ID = "blockId";
    public static final String CHATFLOW_ID = "chatflowId";
    public static final String ROLES = "roles";
    public static final String PASSWORD_HASH = "passwordHash";
    public static final String CONNECTED_AT = "connectedAt";
    public static final String SESSION_ID = "sessionId";
    public static final String TITLE = "title";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    /** On a session no message was stored in yet (a {@code hello} without a session reuses it). */
    public static final String FRESH = "fresh";

    public static final String MESSAGE_ID = "messageId";
    public static final String ROLE = "role";
    public static final String CONTENT = "content";
    public static final String CLIENT_MESSAGE_ID = "clientMessageId";
    public static final String REPLY_TO = "replyTo";
    public static final String STOPPED = "stopped";
    public static final String SOURCES = "sources";
    public static final String FOLLOW_UPS = "followUps";
    public static final String USER_MESSAGE_ID = "userMessageId";
    public static final String REPLY_MESSAGE_ID = "replyMessageId";
    /** On a de-duplication guard: the attempt that stored the reply. */
    public static final String REPLY_ATTEMPT = "replyAttempt";

    public static final String FAMILY_ID = "familyId";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String ROTATED_AT = "rotatedAt";
    public static final String REVOKED_AT = "revokedAt";
    public static final String COUNT = "cnt";
    public static final String REPLY_ID = "replyId";
    public static final String CONNECTION_ID = "connectionId";
    public static final String STARTED_AT = "startedAt";
    public static final String STOP_REQUESTED_AT = "stopRequestedAt";
    public static final String FINISHED_AT = "finishedAt";
    public static final String ATTEMPT = "attempt";

    // Console (issue 10): classes, members, invites, accounts, usage.
    public static final String CLASS_ID = "classId";
    public static final String NAME = "name";
    public static final String OWNER_ID = "ownerId";
    public static final String DAILY_MESSAGE_QUOTA = "dailyMessageQuota";
    public static final String MONTHLY_BUDGET_MICROS = "monthlyBudgetMicros";
    public static final String ARCHIVED = "archived";
    public static final String DELETE_AFTER = "deleteAfter";
    public static final String MY_ROLE = "myRole";
    public static final String DAILY_QUOTA_OVERRIDE = "dailyQuotaOverride";
    public static final String JOINED_AT = "joinedAt";
    public static final String SEATS = "seats";
    public static final String USED = "used";
    public static final String REVOKED = "revoked";
    public static final String PROMOTED_ROLE = "promotedRole";
    public static final String SUSPENDED = "suspended";
    public static final String REVOKED_BEFORE = "revokedBefore";
    public static final String MESSAGES = "messages";
    public static final String TOKENS_IN = "tokensIn";
    public static final String TOKENS_OUT = "tokensOut";
    public static final String COST_MICROS = "costMicros";
    public static final String ESTIMATED = "estimated";
    public static final String LAST_ACTIVE = "lastActive";

    private IbalTable() {}

    /** On-demand, pk/sk strings, one GSI {@code gsi1} projecting everything. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1_PK), stringAttribute(GSI1_SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(GSI1)
                        .keySchema(key(GSI1_PK, KeyType.HASH), key(GSI1_SK, KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.ALL)
                                .build())
                        .build())
                .build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
