package io.plotstream.point;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A parsed reference to one value of a record. CONTRACT — implemented by the point/ work.
 * Syntax (parsed once, at configuration time):
 * <ul>
 *   <li>{@code value.a.b[0].c}, {@code key.id}: dotted path with [n] indexes into the value / key;
 *       {@code value} or {@code key} alone means the whole value / key</li>
 *   <li>{@code value/a/b/0}, {@code key/id}: RFC 6901 JSON Pointer into the value / key</li>
 *   <li>{@code header.Name}: the last header with that name</li>
 *   <li>{@code timestamp}, {@code offset}, {@code partition}, {@code topic}: record metadata ({@code key} is the key)</li>
 * </ul>
 */
public final class FieldRef {

    /** @throws IllegalArgumentException with a message saying what is wrong in {@code spec} */
    public static FieldRef parse(String spec) {
        throw new UnsupportedOperationException("contract");
    }

    /** The reference as the user wrote it (for error messages). */
    public String spec() {
        throw new UnsupportedOperationException("contract");
    }

    @Override
    public String toString() {
        return spec();
    }

    /** Marker for the lookup of a value that is absent, as opposed to present and null. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /** The raw value (before conversion), {@link #MISSING} when the path does not exist, or null. */
    public Object extract(SinkRecord record) throws BadRecordException {
        throw new UnsupportedOperationException("contract");
    }
}
