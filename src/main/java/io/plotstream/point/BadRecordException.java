package io.plotstream.point;

/**
 * A record that cannot become a point. The message always names where: topic, partition, offset
 * and the field reference that failed, so a DLQ reader or an operator can find the record.
 */
public class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
