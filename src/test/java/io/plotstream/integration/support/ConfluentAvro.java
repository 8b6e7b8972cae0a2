package io.plotstream.integration.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes records exactly as Confluent's Avro serializer does, with plain Avro and no Confluent jar:
 * magic byte 0, the schema id as a big-endian int, then the Avro binary encoding.
 */
public final class ConfluentAvro {
    public static final byte MAGIC = 0;

    private ConfluentAvro() {
    }

    public static byte[] encode(int schemaId, GenericRecord record) {
        return frame(MAGIC, schemaId, avro(record));
    }

    /** Any magic byte and id in front of a body, for the bad cases. */
    public static byte[] frame(byte magic, int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put(magic).putInt(schemaId).put(body).array();
    }

    /** The Avro binary encoding alone. Logical types (decimal, dates) are converted by the data model. */
    public static byte[] avro(GenericRecord record) {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMicrosConversion());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema(), model).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
