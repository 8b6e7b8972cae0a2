package io.plotstream.point;

/**
 * A value that cannot be written as the attribute it was extracted for. The message is the
 * predicate only ("is NaN; JSON cannot carry NaN"); {@link PointMapper} puts the record, field
 * and series in front of it. Kept free of Kafka so conversion can be tested on its own.
 */
final class ValueRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    ValueRejectedException(String predicate) {
        super(predicate, null, false, false); // expected control flow for bad data: no stack trace
    }
}
