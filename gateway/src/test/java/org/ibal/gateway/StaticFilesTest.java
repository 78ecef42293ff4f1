package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The frontend build: files, the app shell for client-side routes, nothing outside the folder. */
class StaticFilesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path dist = Path.of("target", "static-test");
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>app shell</title>");
        Files.writeString(dist.resolve("assets/app.js"), "console.log('app')");
        gateway = TestGateway.fixture(Map.of("IBAL_STATIC_DIR", dist.toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesFilesWithTheirType_andTheShellForClientRoutes() throws Exception {
        HttpResponse<String> script = get("/assets/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type").orElse("")).contains("javascript");
        assertThat(get("/").body()).contains("app shell");
        assertThat(get("/sessions/s_123").body()).contains("app shell");
        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void neverServesOutsideTheFolder() throws Exception {
        HttpResponse<String> escape = get("/..%2f..%2fpom.xml");
        assertThat(escape.body()).doesNotContain("<project");
        assertThat(get("/api/unknown").statusCode()).isEqualTo(404);
    }
}
