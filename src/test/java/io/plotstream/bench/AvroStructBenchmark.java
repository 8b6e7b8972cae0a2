package io.plotstream.bench;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.plotstream.point.BadRecordException;
import io.plotstream.point.EpochUnit;
import io.plotstream.point.FieldRef;
import io.plotstream.point.MappingOptions;
import io.plotstream.point.MissingValuePolicy;
import io.plotstream.point.PointMapper;
import io.plotstream.point.SeriesPoint;
import io.plotstream.point.SeriesSpec;
import io.plotstream.point.YType;
import io.plotstream.stream.WriteEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The Avro path from Confluent wire-format bytes to the bytes a stream puts on the wire, on one
 * thread, in the shape {@code AvroRegistryIT} checks end to end: a record with a
 * {@code timestamp-millis}, a {@code timestamp-micros}, a {@code bytes} decimal, a nested record and
 * a double; two series per record (temp: x = the timestamp-millis Connect Timestamp, y = the double;
 * price: x = the micros {@code long} with {@code x.unit=us}, y = the Decimal).
 *
 * <p>What Apicurio's {@code AvroConverter} does per record once the schema is cached (after the
 * first record of an id it never asks the registry again) is: skip the 5-byte Confluent header,
 * decode the Avro binary with a {@link GenericDatumReader}, turn the {@link GenericRecord} into a
 * Connect {@code Struct} with its {@link AvroData}. {@link #bytesToChunk} does exactly that, then
 * maps and encodes like {@code RecordToWireBenchmark.recordsToChunk}; {@link #convertOnly} is the
 * converter's share alone and {@link #structToChunk} the connector's share alone (the Structs made
 * once at setup). Scores are <b>points per second</b>; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is <b>bytes allocated per point</b> (two points per record).
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="AvroStruct -f1 -wi 3 -i 5 -w 2s -r 2s -prof gc"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class AvroStructBenchmark {

    static final int RECORDS = 100;
    static final int POINTS = RECORDS * 2;
    private static final long FIRST_TS = 1_795_817_730_123L;
    private static final String SCHEMA = """
            {"type":"record","name":"Telemetry","namespace":"bench.avro","fields":[
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"atMicros","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"machine","type":{"type":"record","name":"Machine","fields":[
                {"name":"id","type":"string"},{"name":"temp","type":"double"}]}},
              {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}}]}""";

    private org.apache.avro.Schema avroSchema;
    private byte[][] frames;
    private SinkRecord[] structRecords;
    private GenericDatumReader<GenericRecord> reader;
    private BinaryDecoder decoder;
    private GenericRecord reuse;
    private AvroData avroData;
    private PointMapper mapper;
    private WriteEncoder encoder;
    /** Bytes of the last batch: the chunk the writer would send. */
    public int lastChunkBytes;

    @Setup
    public void setUp() throws Exception {
        avroSchema = new org.apache.avro.Schema.Parser().parse(SCHEMA);
        org.apache.avro.Schema machine = avroSchema.getField("machine").schema();
        org.apache.avro.Schema priceSchema = avroSchema.getField("price").schema();
        Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(avroSchema);
        frames = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            long ts = FIRST_TS + i * 250L;
            double temp = Math.round((18.0 + (i * 37 % 900) / 100.0) * 100) / 100.0;
            BigDecimal price = BigDecimal.valueOf(100_000 + i * 37L, 2);
            GenericRecord record = new GenericRecordBuilder(avroSchema).set("at", ts)
                    .set("atMicros", ts * 1000 + i)
                    .set("machine", new GenericRecordBuilder(machine).set("id", "m-" + (i % 7)).set("temp", temp).build())
                    .set("price", decimals.toBytes(price, priceSchema, LogicalTypes.decimal(10, 2)))
                    .build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {0, 0, 0, 0, 1}); // Confluent: magic 0, schema id 1
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            frames[i] = out.toByteArray();
        }
        reader = new GenericDatumReader<>(avroSchema, avroSchema, new GenericData());
        avroData = new AvroData(1000);
        MappingOptions options = new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000);
        mapper = new PointMapper(List.of(
                new SeriesSpec("temp", FieldRef.parse("value.at"), FieldRef.parse("value.machine.temp"), null, null,
                        null),
                new SeriesSpec("price", FieldRef.parse("value.atMicros"), FieldRef.parse("value.price"), null, null,
                        null, YType.NUMBER, EpochUnit.US)), options);
        encoder = new WriteEncoder();
        structRecords = new SinkRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            structRecords[i] = sinkRecord(i, convert(frames[i]));
        }
        int points = bytesToChunk() == 0 ? 0 : countPoints();
        if (points != POINTS) {
            throw new IllegalStateException("expected " + POINTS + " points per batch, mapped " + points);
        }
        System.out.printf("%n[avro] Confluent frame bytes per record: %d; wire bytes per point: %.1f; first line: %s",
                frames[0].length, lastChunkBytes / (double) POINTS,
                new String(encoder.toByteArray(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }

    private int countPoints() throws BadRecordException {
        int points = 0;
        for (SinkRecord record : structRecords) {
            points += mapper.map(record).points().size();
        }
        return points;
    }

    /** What the converter does with a frame once its schema is cached. */
    private SchemaAndValue convert(byte[] frame) throws IOException {
        if (frame[0] != 0) {
            throw new IllegalStateException("not Confluent's magic byte");
        }
        decoder = DecoderFactory.get().binaryDecoder(frame, 5, frame.length - 5, decoder);
        reuse = reader.read(null, decoder); // the converter's deserializer makes a new record each time
        return avroData.toConnectData(avroSchema, reuse);
    }

    private static SinkRecord sinkRecord(int i, SchemaAndValue value) {
        return new SinkRecord("telemetry", 0, null, null, value.schema(), value.value(), 42L + i,
                FIRST_TS + i * 250L, TimestampType.CREATE_TIME);
    }

    /** The converter's share: Confluent frame → GenericRecord → Struct. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Object convertOnly() throws IOException {
        Object last = null;
        for (byte[] frame : frames) {
            last = convert(frame).value();
        }
        return last;
    }

    /** The connector's share: Struct → two points → wire bytes. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int structToChunk() throws BadRecordException {
        encoder.reset();
        for (SinkRecord record : structRecords) {
            append(record);
        }
        lastChunkBytes = encoder.length();
        return lastChunkBytes;
    }

    /** Both: what a worker thread spends per point from the consumer's bytes to the stream's bytes. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int bytesToChunk() throws IOException, BadRecordException {
        encoder.reset();
        for (int i = 0; i < RECORDS; i++) {
            append(sinkRecord(i, convert(frames[i])));
        }
        lastChunkBytes = encoder.length();
        return lastChunkBytes;
    }

    private void append(SinkRecord record) throws BadRecordException {
        List<SeriesPoint> mapped = mapper.map(record).points();
        for (int i = 0, n = mapped.size(); i < n; i++) {
            WriteEncoder.validate(mapped.get(i).point());
            encoder.appendPoint(mapped.get(i).point());
        }
    }
}
