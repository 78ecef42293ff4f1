package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.TestGateway;
import org.ibal.gateway.support.WsClient;
import org.ibal.localstack.LocalStack;
import org.ibal.localstack.LocalStackCli;
import org.ibal.localstack.LocalStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The project's own scripts/deploy-frontend against LocalStack's S3: it reads the stack's outputs (the stack of
 * template.yaml's supported part, deployed through LocalStack's CloudFormation), uploads a build to the stack's
 * bucket with each file's caching, removes what an earlier build left, and, as that stack has no CloudFront,
 * skips the invalidation. Then the app is served as `make run STORE=localstack` serves it: the gateway, from a copy
 * of the bucket, on the same origin as the APIs.
 */
@LocalStackTest
class FrontendOnLocalStackTest {
    private static final String STACK =
            "ibal-frontend-" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStackCli cli;
    private static S3Client s3;
    private static String bucket;
    private static Gateway gateway;
    private static LocalStackCli.Result deploy;

    @BeforeAll
    static void deploy(LocalStack localStack, @TempDir Path work) throws Exception {
        cli = new LocalStackCli(localStack);
        JsonNode outputs = WsClient.JSON.readTree(cli.run(
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
                "DistributionId=none"));
        bucket = outputs.path("FrontendBucketName").asText();
        s3 = S3Client.builder()
                .endpointOverride(localStack.endpoint())
                .forcePathStyle(true)
                .region(Region.of(localStack.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localStack.accessKey(), localStack.secretKey())))
                .build();

        // What an earlier build left in the bucket: its bundle must go once this build is up.
        s3.putObject(b -> b.bucket(bucket).key("assets/old-0000aaaa.js"), RequestBody.fromString("old();"));
        Path current = build(work.resolve("dist"), "app-1a2b3c4d");
        deploy = cli.attempt(Map.of("FRONTEND_DIST", current.toString()), "scripts/deploy-frontend", STACK);

        Path site = work.resolve("site");
        cli.run("localstack/localstack-local", "site", STACK, site.toString());
        gateway = TestGateway.fixture(Map.of("IBAL_STATIC_DIR", site.toString()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void theScriptUploadsTheBuild_withEachFilesCaching_removesTheOldBundle_andSaysThereIsNoCdnToRefresh() {
        assertThat(deploy.exitCode()).as(deploy.stderr()).isZero();
        assertThat(deploy.stdout()).contains("no CloudFront distribution").contains("http://127.0.0.1:8080");

        Map<String, String> cacheControl = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            cacheControl.put(
                    object.key(),
                    s3.headObject(b -> b.bucket(bucket).key(object.key())).cacheControl());
        }

        assertThat(cacheControl)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "assets/app-1a2b3c4d.js", "public, max-age=31536000, immutable",
                        "favicon.svg", "public, max-age=3600",
                        "index.html", "no-cache",
                        "config.json", "no-cache"));
    }

    @Test
    void configJson_namesTheStacksWebSocket_andTheSameOriginForTheApi() throws Exception {
        JsonNode config = WsClient.JSON.readTree(
                s3.getObjectAsBytes(b -> b.bucket(bucket).key("config.json")).asUtf8String());

        assertThat(config.path("wsUrl").asText()).isEqualTo("ws://127.0.0.1:8080/prod");
        assertThat(config.path("apiUrl").asText()).isEmpty();
    }

    @Test
    void theGatewayServesTheUploadedFiles_byteForByte_withTheAppShellForClientRoutes() throws Exception {
        byte[] index =
                s3.getObjectAsBytes(b -> b.bucket(bucket).key("index.html")).asByteArray();
        byte[] bundle = s3.getObjectAsBytes(b -> b.bucket(bucket).key("assets/app-1a2b3c4d.js"))
                .asByteArray();

        assertThat(get("/").body()).isEqualTo(index);
        assertThat(get("/assets/app-1a2b3c4d.js").body()).isEqualTo(bundle);
        assertThat(get("/sessions/s_123").body())
                .as("a client-side route gets the app shell")
                .isEqualTo(index);
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    /** A build as Vite lays it out: the entry point, a content-hashed bundle, a file under a fixed name. */
    private static Path build(Path dist, String bundle) throws Exception {
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(
                dist.resolve("index.html"),
                "<!doctype html><title>IBAL</title><script type=\"module\" src=\"/assets/" + bundle
                        + ".js\"></script>\n");
        Files.writeString(dist.resolve("assets").resolve(bundle + ".js"), "console.log('" + bundle + "');\n");
        Files.writeString(dist.resolve("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        return dist;
    }
}
