package org.ibal.functions.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.ibal.functions.adapter.dynamo.IbalTable;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.LocalStackDynamo;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackCli;
import org.ibal.localstack.LocalStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import tools.jackson.databind.JsonNode;

/**
 * template.yaml on a real CloudFormation engine: its community-supported part (localstack/ibal_stack.py derives it)
 * deployed through LocalStack's CloudFormation, which fails loudly on what it cannot create; then the deployed table
 * checked against the schema the functions use ({@link IbalTable}).
 */
@LocalStackTest
class TemplateOnLocalStackTest {
    private static final String STACK = "ibal-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static LocalStackCli cli;
    private static Map<String, String> outputs;

    @BeforeAll
    static void deploy(LocalStack localStack) {
        cli = new LocalStackCli(localStack);
        String printed = cli.run("localstack/localstack-local", "stack", "deploy", STACK,
                "--parameter", "JwtSigningKeyParameter=/ibal-test/jwt-signing-key",
                "--output", "WebSocketUrl=ws://127.0.0.1:8080/prod", "--output", "FrontendUrl=http://127.0.0.1:8080",
                "--output", "DistributionId=none");
        outputs = new TreeMap<>();
        Json.MAPPER.readTree(printed).properties().forEach(e -> outputs.put(e.getKey(), e.getValue().asString()));
    }

    @AfterAll
    static void delete() {
        if (cli != null && outputs != null) {
            cli.run("localstack/localstack-local", "stack", "delete", STACK);
        }
    }

    @Test
    void theDeployedTable_hasTheKeysAndIndexTheFunctionsUse() {
        // given
        CreateTableRequest expected = IbalTable.createTableRequest(outputs.get("ChatTableName"));

        // when
        TableDescription table = LocalStackDynamo.client()
                .describeTable(b -> b.tableName(outputs.get("ChatTableName"))).table();

        // then
        assertThat(table.keySchema()).containsExactlyElementsOf(expected.keySchema());
        assertThat(table.attributeDefinitions()).containsExactlyInAnyOrderElementsOf(expected.attributeDefinitions());
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(expected.billingMode());
        assertThat(table.globalSecondaryIndexes()).hasSameSizeAs(expected.globalSecondaryIndexes());
        var index = table.globalSecondaryIndexes().getFirst();
        var expectedIndex = expected.globalSecondaryIndexes().getFirst();
        assertThat(index.indexName()).isEqualTo(expectedIndex.indexName());
        assertThat(index.keySchema()).containsExactlyElementsOf(expectedIndex.keySchema());
        assertThat(index.projection()).isEqualTo(expectedIndex.projection());
    }

    @Test
    void theDeployedTable_expiresItemsOnTheFunctionsTtlAttribute_andIsEncrypted() {
        String table = outputs.get("ChatTableName");

        var ttl = LocalStackDynamo.client().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        var sse = LocalStackDynamo.client().describeTable(b -> b.tableName(table)).table().sseDescription();

        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo(IbalTable.TTL);
        assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
        // PointInTimeRecoverySpecification is not checked: LocalStack 2026.3.0's CloudFormation accepts it and does
        // not apply it (DescribeContinuousBackups says DISABLED); see localstack/README.md.
    }

    @Test
    void everyKeptResource_isCreatedForReal_andTheFunctionRolesGrantTheDeployedTable() {
        // when
        JsonNode resources = Json.MAPPER.readTree(cli.run("aws", "cloudformation", "describe-stack-resources",
                "--stack-name", STACK)).get("StackResources");
        JsonNode chatPolicy = Json.MAPPER.readTree(cli.run("aws", "iam", "get-role-policy", "--role-name",
                physicalId(resources, "ChatFunctionRole"), "--policy-name", "ChatFunctionRolePolicy0"));

        // then
        List<String> types = new ArrayList<>();
        resources.forEach(r -> {
            types.add(r.get("ResourceType").asString());
            assertThat(r.get("ResourceStatus").asString()).as(r.toString()).isEqualTo("CREATE_COMPLETE");
            assertThat(r.get("PhysicalResourceId").asString()).as(r.toString()).isNotBlank().isNotEqualTo("unknown");
        });
        assertThat(types).contains("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::S3::BucketPolicy",
                "AWS::IAM::Policy", "AWS::Logs::LogGroup").filteredOn("AWS::IAM::Role"::equals).hasSizeGreaterThanOrEqualTo(4);
        assertThat(chatPolicy.toString()).contains(":table/" + outputs.get("ChatTableName") + "\"")
                .contains(":table/" + outputs.get("ChatTableName") + "/index/*");
        assertThat(outputs).containsKeys("FrontendBucketName", "ChatTableName", "WebSocketUrl");
    }

    @Test
    void aResourceLocalStackCannotCreate_failsItsStack_insteadOfBeingSkipped() throws Exception {
        // given: a type community LocalStack has no provider for (the derivation drops these with a reason)
        Path template = Files.createTempFile("unsupported", ".yaml");
        Files.writeString(template, """
                Resources:
                  Fallback:
                    Type: AWS::CloudFront::Function
                    Properties:
                      Name: probe
                      AutoPublish: true
                      FunctionConfig: {Comment: probe, Runtime: cloudfront-js-2.0}
                      FunctionCode: "function handler(event) { return event.request; }"
                """);
        String stack = STACK + "-unsupported";

        // when
        cli.run("aws", "cloudformation", "create-stack", "--stack-name", stack, "--template-body",
                "file://" + template);
        JsonNode description = awaitStack(stack);

        // then
        assertThat(description.get("StackStatus").asString()).isIn("CREATE_FAILED", "ROLLBACK_COMPLETE",
                "ROLLBACK_FAILED");
        assertThat(description.toString()).contains("AWS::CloudFront::Function").contains("not currently supported");
        Files.delete(template);
    }

    @Test
    void aResourceTypeNobodyClassified_stopsTheDerivation_namingIt() throws Exception {
        Path template = Files.createTempFile("unclassified", ".yaml");
        Files.writeString(template, "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n");

        LocalStackCli.Result result = cli.attempt(Map.of(), "localstack/localstack-local", "stack", "--template",
                template.toString(), "derive");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("AWS::SQS::Queue").contains("KEEP or DROP");
        Files.delete(template);
    }

    private static String physicalId(JsonNode resources, String logicalId) {
        for (JsonNode resource : resources) {
            if (resource.get("LogicalResourceId").asString().equals(logicalId)) {
                return resource.get("PhysicalResourceId").asString();
            }
        }
        throw new AssertionError("no resource " + logicalId + " in " + resources);
    }

    private static JsonNode awaitStack(String stack) throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            JsonNode description = Json.MAPPER.readTree(cli.run("aws", "cloudformation", "describe-stacks",
                    "--stack-name", stack)).get("Stacks").get(0);
            if (!description.get("StackStatus").asString().endsWith("_IN_PROGRESS")) {
                return description;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("stack " + stack + " still in progress after 60 s");
    }
}
