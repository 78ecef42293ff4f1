package org.ibal.functions.config;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import org.ibal.functions.adapter.lambda.LambdaAsyncInvoker;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The AWS SDK clients, sharing one small URLConnection HTTP client (no Apache, no Netty: a smaller jar and a
 * faster cold start) and one executor for their call timeouts. Credentials come from the default chain — on Lambda
 * its environment, locally the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties the gateway sets.
 * The region is {@code AWS_REGION} or {@code aws.region}, else us-east-1: never the EC2 metadata lookup, which stalls
 * off AWS.
 */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI ssmEndpoint;
    private final ScheduledThreadPoolExecutor timeouts;

    public AwsClients(Function<String, String> lookup) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.credentials = DefaultCredentialsProvider.builder().build();
        this.region = Region.of(firstOf(lookup, "AWS_REGION", "aws.region", "us-east-1"));
        this.ssmEndpoint = ssmEndpoint(lookup, region);
        this.timeouts = callTimeouts();
    }

    /**
     * Where the clients' call timeouts wait: one executor for all of them, which forgets a timeout as soon as its
     * call ends. The SDK's own (per client, five threads) keeps every cancelled timeout queued until it would have
     * fired, so its thread woke for each of them — two per call, thousands a second on a loaded gateway.
     */
    private static ScheduledThreadPoolExecutor callTimeouts() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                2, Thread.ofPlatform().daemon().name("ibal-call-timeouts-", 0).factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Timeouts scheduled and not yet fired or forgotten: only calls still running (for tests). */
    int pendingTimeouts() {
        return timeouts.getQueue().size();
    }

    /**
     * {@code SSM_ENDPOINT} (like {@code DYNAMODB_ENDPOINT}, e.g. LocalStack's), else the AWS SDK's own
     * {@code AWS_ENDPOINT_URL_SSM} / {@code AWS_ENDPOINT_URL} (LocalStack sets the latter in the Lambdas it runs),
     * else the regional endpoint. The hand-made GetParameter call does not see the SDK's endpoint settings itself.
     */
    static URI ssmEndpoint(Function<String, String> lookup, Region region) {
        for (String name : new String[] {"SSM_ENDPOINT", "AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL"}) {
            String value = lookup.apply(name);
            if (value != null && !value.isBlank()) {
                return URI.create(value.strip());
            }
        }
        return SsmParameterReader.endpointFor(region);
    }

    /**
     * DynamoDB at its regional endpoint, or at {@code endpointOverride}; inside the IBAL gateway, when it offers that
     * endpoint in-process (its embedded DynamoDB Local), calls are handed to it unsigned ({@link InProcessTransport}).
     */
    public DynamoDbClient dynamo(String endpointOverride) {
        InProcessTransport inProcess =
                endpointOverride == null ? null : InProcessTransport.forEndpoint(URI.create(endpointOverride));
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(transport(inProcess))
                .credentialsProvider(credentials(inProcess))
                .region(region)
                .overrideConfiguration(c -> c.scheduledExecutorService(timeouts)
                        .apiCallAttemptTimeout(Duration.ofSeconds(5))
                        .apiCallTimeout(Duration.ofSeconds(12)));
        if (endpointOverride != null) {
            // The override is the endpoint: skip the SDK's endpoint rules engine, which otherwise runs on every call
            // only to answer the override (~2% of a loaded gateway's CPU samples).
            Endpoint endpoint =
                    Endpoint.builder().url(URI.create(endpointOverride)).build();
            builder.endpointOverride(endpoint.url())
                    .endpointProvider(params -> CompletableFuture.completedFuture(endpoint));
        }
        return builder.build();
    }

    /**
     * The Management API at {@code endpoint}. Inside the IBAL gateway, when it offers its own endpoint in-process
     * ({@link InProcessTransport}), calls are handed to it unsigned (no credentials: nothing crosses a network);
     * everywhere else they go over HTTP, signed.
     */
    public ApiGatewayManagementApiClient managementApi(URI endpoint) {
        InProcessTransport inProcess = InProcessTransport.forEndpoint(endpoint);
        Endpoint fixed = Endpoint.builder().url(endpoint).build();
        return ApiGatewayManagementApiClient.builder()
                .httpClient(transport(inProcess))
                .credentialsProvider(credentials(inProcess))
                .region(region)
                .endpointOverride(endpoint)
                // The endpoint is always given (API Gateway's https://{domain}/{stage}): skip the rules engine, as
                // for DynamoDB above; it ran on every push only to answer it.
                .endpointProvider(params -> CompletableFuture.completedFuture(fixed))
                .overrideConfiguration(c -> c.scheduledExecutorService(timeouts)
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .apiCallTimeout(Duration.ofSeconds(8)))
                .build();
    }

    /**
     * Lambda's asynchronous Invoke, at the regional endpoint unless {@code endpointOverride} names one (in-process
     * when the gateway running these functions offers it).
     */
    public LambdaAsyncInvoker lambdaAsyncInvoker(String endpointOverride) {
        URI endpoint = endpointOverride != null ? URI.create(endpointOverride) : LambdaAsyncInvoker.endpointFor(region);
        InProcessTransport inProcess = InProcessTransport.forEndpoint(endpoint);
        return new LambdaAsyncInvoker(transport(inProcess), credentials(inProcess), region, endpoint);
    }

    private SdkHttpClient transport(InProcessTransport inProcess) {
        return inProcess != null ? inProcess : http;
    }

    /** No credentials for a call that never leaves the JVM: the SDK then sends it unsigned. */
    private AwsCredentialsProvider credentials(InProcessTransport inProcess) {
        return inProcess != null ? AnonymousCredentialsProvider.create() : credentials;
    }

    /** Reads a SecureString, decrypted. */
    public String secureParameter(String name) {
        return new SsmParameterReader(http, credentials, region, ssmEndpoint).secureString(name);
    }

    @Override
    public void close() {
        http.close();
        timeouts.shutdownNow();
    }

    private static String firstOf(Function<String, String> lookup, String first, String second, String fallback) {
        String value = lookup.apply(first);
        if (value == null || value.isBlank()) {
            value = lookup.apply(second);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
