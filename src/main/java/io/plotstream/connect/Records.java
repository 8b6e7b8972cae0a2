package io.plotstream.connect;

import io.plotstream.point.RecordCoordinates;
import org.apache.kafka.connect.sink.SinkRecord;

/** How a record is named in messages: where it was read from, so it can be found again. */
final class Records {
    private Records() {
    }

    static String describe(SinkRecord record) {
        return RecordCoordinates.RUNTIME.describe(record);
    }
}
