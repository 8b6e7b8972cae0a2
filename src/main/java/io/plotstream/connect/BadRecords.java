package io.plotstream.connect;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a record that cannot be plotted goes: with {@code errors.tolerance=all}, to the errant
 * record reporter (the DLQ, with the reason in its headers when context headers are on) and the
 * task carries on; otherwise the task fails with the same message. Either way the message names
 * topic, partition, offset and the field at fault.
 */
final class BadRecords {
    private final ErrantRecordReporter reporter;
    private final boolean tolerate;
    private final AtomicLong reported = new AtomicLong();

    BadRecords(ErrantRecordReporter reporter, boolean tolerate) {
        this.reporter = reporter;
        this.tolerate = tolerate && reporter != null;
    }

    void handle(SinkRecord record, String message, Throwable cause) {
        if (!tolerate) {
            throw new ConnectException(message, cause);
        }
        reporter.report(record, new DataException(message, cause));
        reported.incrementAndGet();
    }

    long reported() {
        return reported.get();
    }
}
