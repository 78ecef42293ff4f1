package org.ibal.gateway.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets DynamoDB Local parse each table schema it stores once, instead of on every call.
 *
 * <p>DynamoDB Local keeps a table's schema (key attributes, indexes, TTL attribute) as a JSON blob in its SQLite
 * metadata table, and every item operation reads that blob back and binds it with Jackson into a {@code
 * TableSchemaInfo} — two or three times per call (the table's info, then each get or put), all of it on the one
 * thread that runs every SQLite job. Measured on a loaded gateway (async-profiler, 20 chat clients, steady state):
 * 12% of the JVM's CPU and 42% of that thread's work, which caps how many calls the store can take at all.
 *
 * <p>The schema's JSON is the cache key, so a changed schema (a new index, TTL switched on or off) is simply a new
 * entry: nothing needs to be told when a table changes. DynamoDB Local mutates a schema object in place when it
 * changes a table, so the cache never hands out the object it keeps: every read gets a copy whose lists and maps are
 * its own (their elements — strings, the SDK's immutable model objects and index columns nothing sets after
 * parsing — are shared). The copy costs a few allocations; the bind it replaces, ~0.25 ms (12% of
 * the CPU over ~12 schema reads a message at ~68 messages/s on 1.7 cores).
 *
 * <p>It changes one static Jackson mapper inside DynamoDB Local (found by reflection, like {@link InProcessDynamoDb}),
 * so it holds for every DynamoDB Local in this JVM, served over HTTP or in-process alike. If a DynamoDB Local upgrade
 * moves the parts it needs, or gives the schema a field it does not know how to copy, it installs nothing and logs
 * why: DynamoDB Local then works as it always has, only slower.
 */
final class TableSchemaCache {
    private static final Logger LOG = LoggerFactory.getLogger(TableSchemaCache.class);
    private static final String PACKAGE = "software.amazon.dynamodb.services.local.shared.access.sqlite.";
    private static final String SCHEMA_CLASS = PACKAGE + "TableSchemaInfo";
    /** The classes whose static {@code MAPPER} reads schemas: the jobs, and the table-info query. */
    private static final List<String> MAPPER_OWNERS =
            List.of(PACKAGE + "SQLiteDBAccessJob", PACKAGE + "SQLiteDBAccess");
    /** A few schemas per table over a table's life; far more means something else is going on: start over. */
    private static final int MAX_ENTRIES = 256;

    private static volatile TableSchemaCache installed;

    private final Class<?> schemaClass;
    private final Constructor<?> newSchema;
    private final List<Field> fields;
    private final Map<ByteBuffer, Object> bySchemaJson = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();

    private TableSchemaCache(Class<?> schemaClass, List<Field> fields) throws NoSuchMethodException {
        this.schemaClass = schemaClass;
        this.newSchema = schemaClass.getDeclaredConstructor();
        this.fields = fields;
    }

    /**
     * Installs the cache into DynamoDB Local's mappers, once per JVM and before DynamoDB Local's first call (a mapper
     * keeps the deserializers it has built); the installed cache, or null if it could not.
     */
    static synchronized TableSchemaCache install() {
        if (installed != null) {
            return installed;
        }
        try {
            Class<?> schemaClass = Class.forName(SCHEMA_CLASS);
            TableSchemaCache cache = new TableSchemaCache(schemaClass, copyableFields(schemaClass));
            Set<ObjectMapper> mappers = Collections.newSetFromMap(new IdentityHashMap<>());
            for (String owner : MAPPER_OWNERS) {
                mappers.add((ObjectMapper)
                        InProcessDynamoDb.field(Class.forName(owner), "MAPPER").get(null));
            }
            for (ObjectMapper mapper : mappers) {
                // The parser then knows the bytes it reads (the same array, not a copy): they are the key.
                mapper.getFactory().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
                mapper.registerModule(
                        new SimpleModule("ibal-table-schema-cache").setDeserializerModifier(cache.modifier()));
            }
            installed = cache;
            return cache;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DynamoDB Local parses its table schemas on every call (cannot cache them: {})", e.toString());
            return null;
        }
    }

    /** How many schemas were bound from JSON since start: misses, not reads. */
    long parses() {
        return parses.get();
    }

    private BeanDeserializerModifier modifier() {
        return new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == schemaClass ? new Caching(deserializer) : deserializer;
            }
        };
    }

    /** The schema's own deserializer, asked only for JSON this cache has not seen. */
    private final class Caching extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        Caching(JsonDeserializer<?> parsing) {
            super(parsing);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> parsing) {
            return new Caching(parsing);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            byte[] json = wholeDocument(parser);
            if (json == null) {
                return _delegatee.deserialize(parser, context);
            }
            ByteBuffer key = ByteBuffer.wrap(json);
            Object kept = bySchemaJson.get(key);
            if (kept != null) {
                if (context.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)) {
                    parser.skipChildren();
                }
                return copy(kept);
            }
            Object parsed = _delegatee.deserialize(parser, context);
            parses.incrementAndGet();
            if (bySchemaJson.size() >= MAX_ENTRIES) {
                bySchemaJson.clear();
            }
            bySchemaJson.put(ByteBuffer.wrap(json.clone()), copy(parsed));
            return parsed;
        }
    }

    /** The bytes being parsed, if the schema is the whole document (as DynamoDB Local reads it); else null. */
    private static byte[] wholeDocument(JsonParser parser) {
        JsonStreamContext object = parser.getParsingContext();
        boolean rootValue = object.getParent() != null && object.getParent().inRoot();
        var source = parser.currentLocation().contentReference();
        return rootValue
                        && source.contentOffset() <= 0
                        && source.getRawContent() instanceof byte[] json
                        && (source.contentLength() < 0 || source.contentLength() == json.length)
                ? json
                : null;
    }

    /** A schema whose lists and maps are its own, so mutating it leaves the cached one as parsed. */
    private Object copy(Object schema) {
        try {
            Object copy = newSchema.newInstance();
            for (Field field : fields) {
                field.set(copy, copyValue(field.get(schema)));
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy DynamoDB Local's table schema", e);
        }
    }

    private static Object copyValue(Object value) {
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, copyValue(v)));
            return copy;
        }
        return value;
    }

    /** Every instance field, if each is a String, a List or a Map (what {@link #copyValue} copies); else refuses. */
    private static List<Field> copyableFields(Class<?> schemaClass) {
        List<Field> fields = new ArrayList<>();
        for (Field field : schemaClass.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            Class<?> type = field.getType();
            if (type != String.class && type != List.class && type != Map.class) {
                throw new IllegalStateException("its table schema has a field of a type it does not copy: " + field);
            }
            field.setAccessible(true);
            fields.add(field);
        }
        return List.copyOf(fields);
    }
}
