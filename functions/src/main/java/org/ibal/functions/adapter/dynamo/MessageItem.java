package org.ibal.functions.adapter.dynamo;

import static org.ibal.functions.adapter.dynamo.IbalTable.CLIENT_MESSAGE_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.CONTENT;
import static org.ibal.functions.adapter.dynamo.IbalTable.CREATED_AT;
import static org.ibal.functions.adapter.dynamo.IbalTable.FOLLOW_UPS;
import static org.ibal.functions.adapter.dynamo.IbalTable.MESSAGE_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.REPLY_TO;
import static org.ibal.functions.adapter.dynamo.IbalTable.ROLE;
import static org.ibal.functions.adapter.dynamo.IbalTable.SESSION_ID;
import static org.ibal.functions.adapter.dynamo.IbalTable.SOURCES;
import static org.ibal.functions.adapter.dynamo.IbalTable.STOPPED;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.Source;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A message as an item: {@code pk=SESSION#<sessionId>, sk=MSG#<messageId>}. */
final class MessageItem {
    private MessageItem() {}

    static Map<String, AttributeValue> write(ChatMessage message) {
        Map<String, AttributeValue> item =
                new HashMap<>(Attr.key(DynamoSessionStore.partition(message.sessionId()), "MSG#" + message.id()));
        item.put(MESSAGE_ID, Attr.s(message.id()));
        item.put(SESSION_ID, Attr.s(message.sessionId()));
        item.put(ROLE, Attr.s(message.role().name().toLowerCase(Locale.ROOT)));
        item.put(CONTENT, Attr.s(message.content()));
        item.put(CREATED_AT, Attr.n(message.createdAt().toEpochMilli()));
        Attr.putIfPresent(item, CLIENT_MESSAGE_ID, message.clientMessageId());
        Attr.putIfPresent(item, REPLY_TO, message.replyTo());
        if (message.stopped()) {
            item.put(STOPPED, AttributeValue.fromBool(true));
        }
        if (!message.sources().isEmpty()) {
            item.put(
                    SOURCES,
                    AttributeValue.fromL(
                            message.sources().stream().map(MessageItem::source).toList()));
        }
        Attr.putStrings(item, FOLLOW_UPS, message.followUps());
        return item;
    }

    static ChatMessage read(Map<String, AttributeValue> item) {
        List<Source> sources = item.containsKey(SOURCES)
                ? item.get(SOURCES).l().stream()
                        .map(v -> new Source(
                                Attr.str(v.m(), "title"), Attr.str(v.m(), "url"), Attr.str(v.m(), "snippet")))
                        .toList()
                : List.of();
        return new ChatMessage(
                Attr.str(item, MESSAGE_ID),
                Attr.str(item, SESSION_ID),
                ChatMessage.Role.valueOf(Attr.str(item, ROLE).toUpperCase(Locale.ROOT)),
                Attr.str(item, CONTENT),
                Attr.instant(item, CREATED_AT),
                Attr.str(item, CLIENT_MESSAGE_ID),
                Attr.str(item, REPLY_TO),
                Attr.bool(item, STOPPED),
                sources,
                Attr.strings(item, FOLLOW_UPS));
    }

    private static AttributeValue source(Source source) {
        Map<String, AttributeValue> map = new HashMap<>();
        Attr.putIfPresent(map, "title", source.title());
        Attr.putIfPresent(map, "url", source.url());
        Attr.putIfPresent(map, "snippet", source.snippet());
        return AttributeValue.fromM(map);
    }
}
