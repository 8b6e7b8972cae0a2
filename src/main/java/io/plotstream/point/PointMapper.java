package io.plotstream.point;

import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/** Record → points, one per configured series. CONTRACT — implemented by the point/ work. Thread-confined to one task. */
public final class PointMapper {

    public PointMapper(List<SeriesSpec> series, MappingOptions options) {
        throw new UnsupportedOperationException("contract");
    }

    /** @throws BadRecordException naming topic, partition, offset and the failing field reference */
    public MappingResult map(SinkRecord record) throws BadRecordException {
        throw new UnsupportedOperationException("contract");
    }
}
