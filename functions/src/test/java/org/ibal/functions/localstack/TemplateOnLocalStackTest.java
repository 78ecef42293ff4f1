package org.ibal.functions.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.ibal.functions.adapter.dynamo.IbalTable;
import org.ibal.functions.handler.Json;
import org.ibal.functions.support.LocalStackAws;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackCli;
import org.ibal.localstack.LocalStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * template.yaml on a real CloudFormation engine: its community-supported part (localstack/ibal_stack.py derives it)
 * deployed through LocalStack's CloudFormation, which fails loudly on what it cannot create; then the deployed table
 * checked against the schema the functions use ({@link IbalTable}).
 */
@LocalStackTest
class TemplateOnLocalStackTest {
    private static final String STACK =
            "ibal-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static LocalStackCli cli;
    private static Map<String, String> outputs;

    @BeforeAll
    static void deploy(LocalStack localStack) {
        cli = new LocalStackCli(localStack);
        String printed = cli.run(
                "localstack/localstack-local",
                "stack",
                "deploy",
                STACK,
                "--parameter",
                "JwtSigningKeyParameter=/ibal-test/jwt-signing-key",
                "--output",
                "WebSocketUrl=ws://127.0.0.1:8080/prod",
                "--output",
                "FrontendUrl=http://127.0.0.1:8080",
                "--output",
                "DistributionId=none");
        outputs = new TreeMap<>();
        Json.MAPPER
                .readTree(printed)
                .properties()
                .forEach(e -> outputs.put(e.getKey(), e.getValue().asString()));
    }

    @AfterAll
    static void delete() {
        if (outputs != null) {
            LocalStackAws.cloudFormation().deleteStack(b -> b.stackName(STACK));
        }
    }

    @Test
    void theDeployedTable_hasTheKeysAndIndexTheFunctionsUse() {
        // given
        CreateTableRequest expected = IbalTable.createTableRequest(outputs.get("ChatTableName"));

        // when
        TableDescription table = LocalStackAws.dynamo()
                .describeTable(b -> b.tableName(outputs.get("ChatTableName")))
                .table();

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

        var ttl = LocalStackAws.dynamo()
                .describeTimeToLive(b -> b.tableName(table))
                .timeToLiveDescription();
        var sse = LocalStackAws.dynamo()
                .describeTable(b -> b.tableName(table))
                .table()
                .sseDescription();

        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo(IbalTable.TTL);
        assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
        // PointInTimeRecoverySpecification is not checked: LocalStack 2026.3.0's CloudFormation accepts it and does
        // not apply it (DescribeContinuousBackups says DISABLED); see localstack/README.md.
    }

    @Test
    void everyKeptResource_isCreatedForReal_andTheFunctionRolesGrantTheDeployedTable() {
        // when
        List<StackResource> resources = LocalStackAws.cloudFormation()
                .describeStackResources(b -> b.stackName(STACK))
                .stackResources();
        String chatRole = resources.stream()
                .filter(r -> r.logicalResourceId().equals("ChatFunctionRole"))
                .findFirst()
                .orElseThrow()
                .physicalResourceId();
        String chatPolicy = URLDecoder.decode(
                LocalStackAws.iam()
                        .getRolePolicy(b -> b.roleName(chatRole).policyName("ChatFunctionRolePolicy0"))
                        .policyDocument(),
                StandardCharsets.UTF_8);

        // then
        assertThat(resources).allSatisfy(r -> {
            assertThat(r.resourceStatus()).as(r.logicalResourceId()).isEqualTo(ResourceStatus.CREATE_COMPLETE);
            assertThat(r.physicalResourceId())
                    .as(r.logicalResourceId())
                    .isNotBlank()
                    .isNotEqualTo("unknown");
        });
        assertThat(resources)
                .extracting(StackResource::resourceType)
                .contains(
                        "AWS::DynamoDB::Table",
                        "AWS::S3::Bucket",
                        "AWS::S3::BucketPolicy",
                        "AWS::IAM::Policy",
                        "AWS::Logs::LogGroup");
        assertThat(resources)
                .extracting(StackResource::resourceType)
                .filteredOn("AWS::IAM::Role"::equals)
                .as("the four functions' roles and the API Gateway logging role")
                .hasSize(5);
        assertThat(chatPolicy)
                .contains(":table/" + outputs.get("ChatTableName") + "\"")
                .contains(":table/" + outputs.get("ChatTableName") + "/index/*");
    }

    @Test
    void aResourceLocalStackCannotCreate_failsItsStack_insteadOfBeingSkipped() throws Exception {
        // given: a type community LocalStack has no provider for (the derivation drops these with a reason)
        String stack = STACK + "-unsupported";
        String template = """
                Resources:
                  Fallback:
                    Type: AWS::CloudFront::Function
                    Properties:
                      Name: probe
                      AutoPublish: true
                      FunctionConfig: {Comment: probe, Runtime: cloudfront-js-2.0}
                      FunctionCode: "function handler(event) { return event.request; }"
                """;

        // when
        LocalStackAws.cloudFormation().createStack(b -> b.stackName(stack).templateBody(template));
        Stack created = awaitStack(stack);

        // then
        assertThat(created.stackStatusAsString()).isIn("CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED");
        assertThat(created.stackStatusReason())
                .contains("AWS::CloudFront::Function")
                .contains("not currently supported");
    }

    @Test
    void aResourceTypeNobodyClassified_stopsTheDerivation_namingIt() throws Exception {
        Path template = Files.createTempFile("unclassified", ".yaml");
        Files.writeString(template, "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n");

        LocalStackCli.Result result = cli.attempt(
                Map.of(), "localstack/localstack-local", "stack", "--template", template.toString(), "derive");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("AWS::SQS::Queue").contains("KEEP or DROP");
        Files.delete(template);
    }

    private static Stack awaitStack(String stack) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Stack description = LocalStackAws.cloudFormation()
                    .describeStacks(b -> b.stackName(stack))
                    .stacks()
                    .getFirst();
            if (!description.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return description;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stack " + stack + " still in progress after 60 s");
    }
}
