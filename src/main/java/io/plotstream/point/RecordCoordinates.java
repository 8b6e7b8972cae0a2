package io.plotstream.point;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a record sits in Kafka: its topic, partition and offset as consumed. Since Kafka 3.6 a
 * {@link SinkRecord} keeps those even after a transform renamed its topic ({@code originalTopic()}
 * and friends); an older runtime has only the coordinates after the transforms. The strategy is
 * chosen once, for the runtime the connector was loaded into ({@link #RUNTIME}).
 */
public enum RecordCoordinates {
    /** Kafka 3.6+: the coordinates the record was consumed at, whatever transforms did. */
    ORIGINAL {
        @Override
        public String topic(SinkRecord r) {
            return r.originalTopic();
        }

        @Override
        public int partition(SinkRecord r) {
            return r.originalKafkaPartition();
        }

        @Override
        public long offset(SinkRecord r) {
            return r.originalKafkaOffset();
        }
    },
    /** Before Kafka 3.6: the coordinates as the transforms left them (the same unless one renamed the topic). */
    AS_DELIVERED {
        @Override
        public String topic(SinkRecord r) {
            return r.topic();
        }

        @Override
        public int partition(SinkRecord r) {
            return r.kafkaPartition();
        }

        @Override
        public long offset(SinkRecord r) {
            return r.kafkaOffset();
        }
    };

    /** The strategy for the Connect runtime on the class path. */
    public static final RecordCoordinates RUNTIME = forRuntime();

    public abstract String topic(SinkRecord r);

    public abstract int partition(SinkRecord r);

    public abstract long offset(SinkRecord r);

    /** How every message names a record: {@code Record orders-2@1234}. */
    public String describe(SinkRecord r) {
        return "Record " + topic(r) + "-" + partition(r) + "@" + offset(r);
    }

    static RecordCoordinates forRuntime() {
        try {
            SinkRecord.class.getMethod("originalTopic");
            return ORIGINAL;
        } catch (NoSuchMethodException e) {
            return AS_DELIVERED;
        }
    }
}
