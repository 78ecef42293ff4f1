package org.ibal.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.ibal.gateway.Gateway;
import org.ibal.gateway.support.WsClient;

/** One registered user with an open socket and a session, as the browser app holds them. */
final class Learner implements AutoCloseable {
    private final Gateway gateway;
    private final String token;
    private final WsClient socket;
    private final String sessionId;

    private Learner(Gateway gateway, String token, WsClient socket, String sessionId) {
        this.gateway = gateway;
        this.token = token;
        this.socket = socket;
        this.sessionId = sessionId;
    }

    /** Registers, connects with the access token and opens a session with {@code hello}. */
    static Learner signUp(Gateway gateway) throws Exception {
        String token = RealFunctionsTest.register(gateway, RealFunctionsTest.user())
                .path("accessToken")
                .asText();
        WsClient socket = RealFunctionsTest.connect(gateway, token);
        socket.send("{\"action\":\"hello\"}");
        JsonNode info = socket.nextJson();
        assertThat(info.path("type").asText()).as(info.toString()).isEqualTo("user_info");
        return new Learner(gateway, token, socket, info.path("sessionId").asText());
    }

    String sessionId() {
        return sessionId;
    }

    void send(String clientMessageId, String content) {
        socket.send("{\"action\":\"sendMessage\",\"sessionId\":\"" + sessionId + "\",\"clientMessageId\":\""
                + clientMessageId + "\",\"content\":\"" + content + "\"}");
    }

    void stop() {
        socket.send("{\"action\":\"stop\"}");
    }

    JsonNode nextFrame() throws Exception {
        return socket.nextJson();
    }

    /** Sends a question and collects every frame up to and including the final {@code message} or {@code error}. */
    List<JsonNode> ask(String clientMessageId, String content) throws Exception {
        send(clientMessageId, content);
        return framesToTheEnd(new ArrayList<>());
    }

    /** Collects frames onto {@code frames} until the reply's final {@code message} or an {@code error}. */
    List<JsonNode> framesToTheEnd(List<JsonNode> frames) throws Exception {
        JsonNode frame;
        do {
            frame = socket.nextJson();
            frames.add(frame);
        } while (!List.of("message", "error").contains(frame.path("type").asText()));
        return frames;
    }

    /** The session's stored messages, oldest first (the API lists newest first). */
    List<JsonNode> history() throws Exception {
        HttpResponse<String> response =
                RealFunctionsTest.get(gateway, "/api/sessions/" + sessionId + "/messages", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        WsClient.JSON.readTree(response.body()).path("items").forEach(items::add);
        return items.reversed();
    }

    @Override
    public void close() {
        socket.close();
    }
}
