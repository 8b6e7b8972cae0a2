package io.plotstream.bench;

import io.plotstream.point.BadRecordException;
import io.plotstream.point.FieldRef;
import io.plotstream.point.MappingOptions;
import io.plotstream.point.MappingResult;
import io.plotstream.point.MissingValuePolicy;
import io.plotstream.point.Point;
import io.plotstream.point.PointMapper;
import io.plotstream.point.SeriesPoint;
import io.plotstream.point.SeriesSpec;
import io.plotstream.stream.WriteEncoder;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The connector's hot path from a Kafka record to the bytes a stream puts on the wire, on one
 * thread: {@link PointMapper#map} extracts two series per record ({@code {"ts":..,"temp":..,"hum":..}}
 * → temp and hum, x = ts), then each point is checked ({@link WriteEncoder#validate}) and encoded as
 * an append write into the encoder's reusable buffer, as {@code AppendShaping.prepare} does on the
 * task thread before the batch is handed to the stream as one chunk.
 *
 * <p>One invocation maps a batch of {@value #RECORDS} distinct records (values vary, so number
 * formatting is not always the same short string) and resets the buffer once, like one chunk. The
 * score is <b>points per second</b> ({@value #POINTS} operations per invocation), and with
 * {@code -prof gc} {@code gc.alloc.rate.norm} is <b>bytes allocated per point</b>. The encoded
 * output goes into the encoder's reused buffer and is not allocated per point; the checksum
 * ({@link #lastChunkBytes}) makes the bytes observable so nothing is optimised away.
 *
 * <p>Shapes: {@code struct} (Connect Struct with schema, e.g. Avro/JSON-with-schema converters),
 * {@code map} (schemaless Map, JsonConverter with schemas.enable=false), {@code jsonBytes} (raw JSON
 * byte[] from the ByteArrayConverter: the one-pass text scanner, no tree).
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="RecordToWire -f1 -wi 3 -i 5 -w 2s -r 2s -prof gc"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RecordToWireBenchmark {

    static final int RECORDS = 100;
    static final int SERIES_PER_RECORD = 2;
    static final int POINTS = RECORDS * SERIES_PER_RECORD;
    private static final long FIRST_TS = 1_795_817_730_123L;

    /** jsonBytesLong: JSON whose decimals are a producer's full doubles (17 digits), as peer-bench writes them. */
    @Param({"struct", "map", "jsonBytes", "jsonBytesLong"})
    public String shape;

    private PointMapper mapper;
    private SinkRecord[] records;
    private WriteEncoder encoder;
    private Point[] premapped;
    /** Bytes of the last batch: the chunk the writer would send. */
    public int lastChunkBytes;

    @Setup
    public void setUp() throws BadRecordException {
        MappingOptions options = new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000);
        mapper = new PointMapper(List.of(
                new SeriesSpec("temp", FieldRef.parse("value.ts"), FieldRef.parse("value.temp"), null, null, null),
                new SeriesSpec("hum", FieldRef.parse("value.ts"), FieldRef.parse("value.hum"), null, null, null)),
                options);
        encoder = new WriteEncoder();
        Schema reading = SchemaBuilder.struct().field("ts", Schema.INT64_SCHEMA)
                .field("temp", Schema.FLOAT64_SCHEMA).field("hum", Schema.FLOAT64_SCHEMA).build();
        records = new SinkRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            long ts = FIRST_TS + i * 250L;
            // two decimals, like a sensor reading; varies so the double formatter sees different digits
            double temp = Math.round((18.0 + (i * 37 % 900) / 100.0) * 100) / 100.0;
            double hum = Math.round((35.0 + (i * 53 % 3000) / 100.0) * 100) / 100.0;
            if (shape.equals("jsonBytesLong")) { // Double.toString of a computed value: 16-18 characters
                temp = 20.0 + 5.0 * Math.sin(i / 50.0 + 0.1);
                hum = 50.0 + 10.0 * Math.cos(i / 70.0 + 0.1);
            }
            Object value = switch (shape) {
                case "struct" -> new Struct(reading).put("ts", ts).put("temp", temp).put("hum", hum);
                case "map" -> {
                    Map<String, Object> map = new HashMap<>();
                    map.put("ts", ts);
                    map.put("temp", temp);
                    map.put("hum", hum);
                    yield map;
                }
                case "jsonBytes", "jsonBytesLong" -> ("{\"ts\":" + ts + ",\"temp\":" + temp + ",\"hum\":" + hum + "}")
                        .getBytes(StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            };
            records[i] = new SinkRecord("readings", 0, null, null, "struct".equals(shape) ? reading : null, value,
                    42L + i, ts, TimestampType.CREATE_TIME);
        }
        // Fail at setup, not silently in the measurement, if the mapping does not give 2 points a record.
        int points = mapBatch();
        if (points != POINTS) {
            throw new IllegalStateException("expected " + POINTS + " points per batch, mapped " + points);
        }
        premapped = new Point[POINTS];
        int next = 0;
        for (SinkRecord record : records) {
            for (SeriesPoint point : mapper.map(record).points()) {
                premapped[next++] = point.point();
            }
        }
        System.out.printf("%n[%s] wire bytes per point: %.1f; first line: %s", shape, lastChunkBytes / (double) POINTS,
                new String(encoder.toByteArray(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }

    /** Extraction alone (same records, no encoding): splits the allocation between mapper and encoder. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int mapOnly() throws BadRecordException {
        int points = 0;
        for (SinkRecord record : records) {
            points += mapper.map(record).points().size();
        }
        return points;
    }

    /** Encoding alone, of the points this shape maps to (identical for every shape; run once is enough). */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int encodeOnly() {
        encoder.reset();
        for (Point point : premapped) {
            WriteEncoder.validate(point);
            encoder.appendPoint(point);
        }
        return encoder.length();
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int recordsToChunk() throws BadRecordException {
        mapBatch();
        return lastChunkBytes;
    }

    private int mapBatch() throws BadRecordException {
        encoder.reset();
        int points = 0;
        for (SinkRecord record : records) {
            MappingResult result = mapper.map(record);
            List<SeriesPoint> mapped = result.points();
            for (int i = 0, n = mapped.size(); i < n; i++) {
                SeriesPoint point = mapped.get(i);
                WriteEncoder.validate(point.point());
                encoder.appendPoint(point.point());
                points++;
            }
        }
        lastChunkBytes = encoder.length();
        return points;
    }
}
