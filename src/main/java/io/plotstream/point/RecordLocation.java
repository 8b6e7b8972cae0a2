package io.plotstream.point;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.apache.kafka.connect.sink.SinkRecord;

/** How every bad-record message names its record: {@code Record orders-2@1234}. */
final class RecordLocation {
    private RecordLocation() {
    }

    /**
     * The record where it sits in Kafka — the original topic/partition/offset, as consumed, so an
     * operator can find it even when a transform renamed the topic (on Kafka 3.6+).
     */
    static String of(SinkRecord record) {
        return RecordCoordinates.RUNTIME.describe(record);
    }

    /** A parse failure without the record's text (which may be large, or sensitive). */
    static String jsonProblem(IOException e) {
        if (e instanceof JsonProcessingException) {
            JsonProcessingException jpe = (JsonProcessingException) e;
            String where = jpe.getLocation() == null ? ""
                    : " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")";
            return firstLine(jpe.getOriginalMessage()) + where;
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
