package io.plotstream.point;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

/** Builds SinkRecords the way a worker hands them to a task, for the point and route tests. */
public final class TestRecords {
    public static final String TOPIC = "orders";
    public static final int PARTITION = 2;
    public static final long OFFSET = 1234L;
    /** 2026-11-27 22:15:30.123 UTC */
    public static final long TIMESTAMP = 1_795_817_730_123L;

    private TestRecords() {
    }

    public static SinkRecord value(Object value) {
        return record(null, null, null, value, TIMESTAMP, new ConnectHeaders());
    }

    public static SinkRecord value(Schema schema, Object value) {
        return record(null, null, schema, value, TIMESTAMP, new ConnectHeaders());
    }

    public static SinkRecord keyAndValue(Object key, Object value) {
        return record(null, key, null, value, TIMESTAMP, new ConnectHeaders());
    }

    public static SinkRecord record(Schema keySchema, Object key, Schema valueSchema, Object value, Long timestamp,
                                    Headers headers) {
        return new SinkRecord(TOPIC, PARTITION, keySchema, key, valueSchema, value, OFFSET, timestamp,
                timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME, headers);
    }

    public static SinkRecord onTopic(String topic, Object key, Object value) {
        return new SinkRecord(topic, 0, null, key, null, value, 7L, TIMESTAMP, TimestampType.CREATE_TIME);
    }

    public static MappingOptions options() {
        return new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.FAIL, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, 1000);
    }

    // The same reading as every value shape a converter can hand over.
    // {"id":7,"temp":21.5,"name":"pump","loc":{"lat":1.5,"tags":["a","b"]},"gone":null}

    public static final String READING_JSON =
            "{\"id\":7,\"temp\":21.5,\"name\":\"pump\",\"loc\":{\"lat\":1.5,\"tags\":[\"a\",\"b\"]},\"gone\":null}";

    public static final Schema LOC_SCHEMA = SchemaBuilder.struct().name("Loc")
            .field("lat", Schema.FLOAT64_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();

    public static final Schema READING_SCHEMA = SchemaBuilder.struct().name("Reading")
            .field("id", Schema.INT64_SCHEMA)
            .field("temp", Schema.FLOAT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("loc", LOC_SCHEMA)
            .field("gone", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static Struct readingStruct() {
        return new Struct(READING_SCHEMA).put("id", 7L).put("temp", 21.5).put("name", "pump")
                .put("loc", new Struct(LOC_SCHEMA).put("lat", 1.5).put("tags", List.of("a", "b")))
                .put("gone", null);
    }

    public static Map<String, Object> readingMap() {
        Map<String, Object> loc = new LinkedHashMap<>();
        loc.put("lat", 1.5);
        loc.put("tags", List.of("a", "b"));
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("id", 7L);
        reading.put("temp", 21.5);
        reading.put("name", "pump");
        reading.put("loc", loc);
        reading.put("gone", null);
        return reading;
    }

    /** The reading in every shape: Struct, Map, JSON String, JSON byte[], JSON ByteBuffer. */
    public static List<Object[]> readingShapes() {
        byte[] bytes = READING_JSON.getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Object[] {"Struct", READING_SCHEMA, readingStruct()},
                new Object[] {"Map", null, readingMap()},
                new Object[] {"JSON String", null, READING_JSON},
                new Object[] {"JSON byte[]", null, bytes},
                new Object[] {"JSON ByteBuffer", null, ByteBuffer.wrap(bytes)});
    }
}
