package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Where a record is said to sit, on runtimes with and without a record's original coordinates. */
class RecordCoordinatesTest {
    private final SinkRecord consumed = new SinkRecord("orders", 2, null, null, null, "v", 1234, 0L,
            TimestampType.CREATE_TIME);
    /** As after a RegexRouter that renamed the topic (the runtime keeps the original coordinates). */
    private final SinkRecord renamed = consumed.newRecord("orders-renamed", 2, null, null, null, "v", 0L);

    @Test
    void onThisRuntimeTheOriginalCoordinatesAreUsed() {
        assertThat(RecordCoordinates.RUNTIME).isEqualTo(RecordCoordinates.ORIGINAL);
        assertThat(RecordCoordinates.forRuntime()).isEqualTo(RecordCoordinates.ORIGINAL);
    }

    @Test
    void originalCoordinatesSurviveATopicRename() {
        assertThat(RecordCoordinates.ORIGINAL.describe(renamed)).isEqualTo("Record orders-2@1234");
        assertThat(RecordCoordinates.ORIGINAL.topic(renamed)).isEqualTo("orders");
    }

    @Test
    void theFallbackForOlderRuntimesUsesTheCoordinatesAsDelivered() {
        assertThat(RecordCoordinates.AS_DELIVERED.describe(renamed)).isEqualTo("Record orders-renamed-2@1234");
        assertThat(RecordCoordinates.AS_DELIVERED.describe(consumed)).isEqualTo("Record orders-2@1234");
        assertThat(RecordCoordinates.AS_DELIVERED.partition(consumed)).isEqualTo(2);
        assertThat(RecordCoordinates.AS_DELIVERED.offset(consumed)).isEqualTo(1234);
    }
}
