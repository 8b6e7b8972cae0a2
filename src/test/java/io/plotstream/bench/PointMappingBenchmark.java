package io.plotstream.bench;

import io.plotstream.point.BadRecordException;
import io.plotstream.point.FieldRef;
import io.plotstream.point.MappingOptions;
import io.plotstream.point.MappingResult;
import io.plotstream.point.MissingValuePolicy;
import io.plotstream.point.PointMapper;
import io.plotstream.point.SeriesSpec;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PointMapper.map() throughput for one record of each value shape, two series per record
 * ({@code {"ts":..,"temp":..,"hum":..,"site":..}} → temp and hum), so one op = two points.
 * The JSON record carries an unreferenced nested object before the fields, which the fast path
 * must skip. Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="PointMapping -f1"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PointMappingBenchmark {
    private static final String JSON = "{\"site\":{\"name\":\"plant-7\",\"tags\":[\"north\",\"line-2\"]},"
            + "\"ts\":1795817730123,\"temp\":21.5,\"hum\":40.25,\"status\":\"ok\"}";

    private PointMapper mapper;
    private PointMapper defaultXMapper;
    private SinkRecord structRecord;
    private SinkRecord mapRecord;
    private SinkRecord jsonBytesRecord;
    private SinkRecord jsonStringRecord;

    @Setup
    public void setUp() {
        MappingOptions options = new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000);
        mapper = new PointMapper(List.of(
                new SeriesSpec("temp", FieldRef.parse("value.ts"), FieldRef.parse("value.temp"), null, null, null),
                new SeriesSpec("hum", FieldRef.parse("value.ts"), FieldRef.parse("value.hum"), null, null, null)), options);
        defaultXMapper = new PointMapper(List.of(
                new SeriesSpec("temp", null, FieldRef.parse("value.temp"), null, null, null),
                new SeriesSpec("hum", null, FieldRef.parse("value.hum"), null, null, null)), options);

        Schema site = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
        Schema reading = SchemaBuilder.struct().field("site", site).field("ts", Schema.INT64_SCHEMA)
                .field("temp", Schema.FLOAT64_SCHEMA).field("hum", Schema.FLOAT64_SCHEMA)
                .field("status", Schema.STRING_SCHEMA).build();
        Struct struct = new Struct(reading)
                .put("site", new Struct(site).put("name", "plant-7").put("tags", List.of("north", "line-2")))
                .put("ts", 1_795_817_730_123L).put("temp", 21.5).put("hum", 40.25).put("status", "ok");
        structRecord = record(reading, struct);

        Map<String, Object> map = new HashMap<>();
        map.put("site", Map.of("name", "plant-7", "tags", List.of("north", "line-2")));
        map.put("ts", 1_795_817_730_123L);
        map.put("temp", 21.5);
        map.put("hum", 40.25);
        map.put("status", "ok");
        mapRecord = record(null, map);

        jsonBytesRecord = record(null, JSON.getBytes(StandardCharsets.UTF_8));
        jsonStringRecord = record(null, JSON);
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("readings", 0, null, null, schema, value, 42L, 1_795_817_730_123L,
                TimestampType.CREATE_TIME);
    }

    @Benchmark
    public MappingResult struct() throws BadRecordException {
        return mapper.map(structRecord);
    }

    @Benchmark
    public MappingResult schemalessMap() throws BadRecordException {
        return mapper.map(mapRecord);
    }

    @Benchmark
    public MappingResult jsonBytes() throws BadRecordException {
        return mapper.map(jsonBytesRecord);
    }

    @Benchmark
    public MappingResult jsonString() throws BadRecordException {
        return mapper.map(jsonStringRecord);
    }

    /** x from the record timestamp: adds formatting a Plotly date string per point. */
    @Benchmark
    public MappingResult jsonBytesDefaultX() throws BadRecordException {
        return defaultXMapper.map(jsonBytesRecord);
    }
}
