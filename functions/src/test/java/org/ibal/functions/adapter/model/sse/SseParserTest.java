package org.ibal.functions.adapter.model.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    static List<SseEvent> parse(String stream) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        // Lines as the HTTP client splits them: at \n, \r\n or \r.
        for (String line : stream.split("\r\n|\r|\n", -1)) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void flowisesTwoFramings_withAndWithoutTheColonAfterMessage_giveTheSameDefaultEvent() {
        List<SseEvent> events = parse("message:\ndata:{\"event\":\"token\",\"data\":\"Hi\"}\n\n"
                + "message\ndata:{\"event\":\"end\",\"data\":\"[DONE]\"}\n\n");

        assertThat(events)
                .containsExactly(
                        new SseEvent("message", "{\"event\":\"token\",\"data\":\"Hi\"}"),
                        new SseEvent("message", "{\"event\":\"end\",\"data\":\"[DONE]\"}"));
    }

    @Test
    void commentsLikeFlowisesHeartbeat_areIgnored() {
        assertThat(parse(":heartbeat\n\n:heartbeat\n\ndata: x\n\n")).containsExactly(new SseEvent("message", "x"));
    }

    @Test
    void oneSpaceAfterTheColonIsDropped_moreAreKept_andDataLinesJoinWithNewlines() {
        assertThat(parse("data: {\"a\":1}\n\n")).containsExactly(new SseEvent("message", "{\"a\":1}"));
        assertThat(parse("data:  two spaces\n\n")).containsExactly(new SseEvent("message", " two spaces"));
        assertThat(parse("data: one\ndata: two\n\n")).containsExactly(new SseEvent("message", "one\ntwo"));
    }

    @Test
    void namedEvents_keepTheirName_andCrLfWorksLikeLf() {
        assertThat(parse("event: ping\r\ndata: {}\r\n\r\n")).containsExactly(new SseEvent("ping", "{}"));
    }

    @Test
    void anEventWithoutData_isNotDispatched_andAnUnfinishedEventIsNot_either() {
        assertThat(parse("event: lonely\n\nid: 7\nretry: 100\n\ndata: cut off")).isEmpty();
    }
}
