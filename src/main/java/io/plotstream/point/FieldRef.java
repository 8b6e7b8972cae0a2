package io.plotstream.point;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A parsed reference to one value of a record.
 * Syntax (parsed once, at configuration time; surrounding whitespace is ignored):
 * <ul>
 *   <li>{@code value.a.b[0].c}, {@code key.id}: dotted path with [n] indexes into the value / key;
 *       {@code value} or {@code key} alone means the whole value / key. Names run up to the next
 *       {@code .}, {@code [} or {@code ]}; a name containing those needs the pointer form.</li>
 *   <li>{@code value/a/b/0}, {@code key/id}: RFC 6901 JSON Pointer into the value / key
 *       ({@code ~0} is {@code ~}, {@code ~1} is {@code /}; a numeric token indexes a list or names
 *       a member, whichever the value has there)</li>
 *   <li>{@code header.Name}: the last header with that name (everything after {@code header.} is
 *       the name, dots included)</li>
 *   <li>{@code timestamp}, {@code offset}, {@code partition}, {@code topic}: record metadata ({@code key} is the key)</li>
 * </ul>
 *
 * <p>Paths work on every shape a converter produces: {@code Struct}, {@code Map}/{@code List},
 * and JSON text as {@code String}, {@code byte[]} or {@code ByteBuffer} (parsed with a streaming
 * parser, only as far as needed). A path step that does not fit (a name on a list, any step into a
 * scalar, an index past the end) finds nothing: {@link #MISSING}. A null on the way gives null.
 * The whole value or key ({@code value}, {@code key}) is taken as it is, text included: it is not
 * parsed as JSON.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldRef {

    /** Where in the record a reference looks. */
    public enum Source {
        VALUE, KEY, HEADER, TIMESTAMP, OFFSET, PARTITION, TOPIC
    }

    private static final PathSegment[] NO_PATH = new PathSegment[0];

    private final String spec;
    private final Source source;
    private final String headerName;
    private final PathSegment[] path;
    /** For {@link #extract} on JSON text; the mapper scans a record once for all its refs instead. */
    private final JsonFieldScanner ownScanner;

    private FieldRef(String spec, Source source, String headerName, PathSegment[] path) {
        this.spec = spec;
        this.source = source;
        this.headerName = headerName;
        this.path = path;
        this.ownScanner = path.length == 0 ? null : new JsonFieldScanner(List.<PathSegment[]>of(path));
    }

    static FieldRef metadata(String spec, Source source) {
        return new FieldRef(spec, source, null, NO_PATH);
    }

    static FieldRef header(String spec, String name) {
        return new FieldRef(spec, Source.HEADER, name, NO_PATH);
    }

    static FieldRef path(String spec, Source source, PathSegment[] path) {
        return new FieldRef(spec, source, null, path);
    }

    /** @throws IllegalArgumentException with a message saying what is wrong in {@code spec} */
    public static FieldRef parse(String spec) {
        return FieldRefParser.parse(spec);
    }

    /** The reference as the user wrote it (for error messages). */
    public String spec() {
        return spec;
    }

    /** Where in the record this reference looks. */
    public Source source() {
        return source;
    }

    /** True for {@code value}/{@code key} with a path, i.e. references that look inside the value or key. */
    public boolean hasPath() {
        return path.length > 0;
    }

    PathSegment[] path() {
        return path;
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
        return extractInto(record, new Extraction()).value;
    }

    /** Looks this reference up, with the Connect schema of what was found when the record has one. */
    Extraction extractInto(SinkRecord record, Extraction out) throws BadRecordException {
        switch (source) {
            case VALUE:
                return fromRoot(record, record.value(), record.valueSchema(), out);
            case KEY:
                return fromRoot(record, record.key(), record.keySchema(), out);
            case HEADER:
                Header header = record.headers().lastWithName(headerName);
                return header == null ? out.set(MISSING, null) : out.set(header.value(), header.schema());
            case TIMESTAMP:
                return out.set(record.timestamp() == null ? MISSING : record.timestamp(), null);
            case OFFSET:
                return out.set(record.kafkaOffset(), null);
            case PARTITION:
                return out.set(record.kafkaPartition() == null ? MISSING : record.kafkaPartition(), null);
            case TOPIC:
                return out.set(record.topic(), null);
            default:
                throw new IllegalStateException("unknown source " + source);
        }
    }

    private Extraction fromRoot(SinkRecord record, Object root, Schema schema, Extraction out) throws BadRecordException {
        if (path.length == 0) {
            return out.set(root, schema);
        }
        if (JsonFieldScanner.isText(root)) {
            Object[] found = new Object[1];
            try {
                ownScanner.scanText(root, found);
            } catch (IOException e) {
                throw notJson(record, List.of(this), e);
            }
            return out.set(found[0], null);
        }
        ObjectPathWalker.walk(root, schema, path, out);
        return out;
    }

    /** What a lookup found, in words for an error message: "a Struct", "a JSON object", "missing"... */
    public static String describe(Object found) {
        if (found == MISSING) {
            return "missing";
        }
        if (found == null) {
            return "null";
        }
        return PlotlyValues.describe(found);
    }

    static BadRecordException notJson(SinkRecord record, List<FieldRef> refs, IOException e) {
        Source source = refs.get(0).source;
        return new BadRecordException(RecordLocation.of(record) + ": the " + source.name().toLowerCase()
                + " is not valid JSON, so " + refs + " cannot be read: " + RecordLocation.jsonProblem(e), e);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldRef)) {
            return false;
        }
        FieldRef other = (FieldRef) o;
        return source == other.source && Objects.equals(headerName, other.headerName)
                && Arrays.equals(path, other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, headerName, Arrays.hashCode(path));
    }
}
