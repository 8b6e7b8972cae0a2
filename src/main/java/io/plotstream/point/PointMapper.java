package io.plotstream.point;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Record → points, one per configured series. Thread-confined to one task: it reuses scratch space
 * between records.
 *
 * <p>For each series, {@code x} (the record timestamp when not configured) and {@code y} are
 * required: a tombstone, a missing or a null value there follows {@link MappingOptions#onTombstone},
 * {@link MappingOptions#onMissing} or {@link MappingOptions#onNull} — FAIL throws, SKIP leaves the
 * series out of the result and says why in {@link MappingResult#skipReasons()}. {@code text},
 * {@code marker.color} and {@code marker.size} are optional: missing or null just leaves them out.
 * A value that cannot be converted (NaN, a struct, too long...) always makes a bad record.
 *
 * <p>JSON text values (String/ByteArray converters) are parsed once per record for all the paths
 * every series reads, and only as far as the last of them; the same for JSON text keys.
 */
public final class PointMapper {
    private static final Object SKIPPED = new Object();

    private final SeriesPlan[] plans;
    private final MappingOptions options;
    private final PlotlyValues values;
    private final EpochX epochX;
    private final TextScan valueScan;
    private final TextScan keyScan;
    private final Extraction scratch = new Extraction();
    private List<String> skipReasons;
    // The result of map() is reused record after record (issue 15: the record-to-wire path may
    // allocate little more than the points themselves): one SeriesPoint per series, one list, one result.
    private final SeriesPoint[] seriesPoints;
    private final List<SeriesPoint> points;
    private final MappingResult result;

    public PointMapper(List<SeriesSpec> series, MappingOptions options) {
        checkOptions(options);
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("at least one series is needed");
        }
        this.options = options;
        this.values = new PlotlyValues(options);
        this.epochX = new EpochX(options);
        Map<FieldRef, Integer> valuePaths = new LinkedHashMap<>();
        Map<FieldRef, Integer> keyPaths = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        this.plans = new SeriesPlan[series.size()];
        for (int i = 0; i < series.size(); i++) {
            SeriesSpec spec = series.get(i);
            if (spec == null || spec.name() == null || spec.name().isBlank()) {
                throw new IllegalArgumentException("series " + (i + 1) + " has no name");
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("series " + spec.name() + " is configured twice");
            }
            if (spec.y() == null) {
                throw new IllegalArgumentException("series " + spec.name() + " has no y field reference");
            }
            if (spec.xUnit() != null && (spec.x() == null || spec.x().source() == FieldRef.Source.TIMESTAMP)) {
                throw new IllegalArgumentException("series " + spec.name() + " sets an x unit, but its x is the record "
                        + "timestamp, which is always milliseconds: the unit is for a numeric x field");
            }
            plans[i] = new SeriesPlan(spec.name(), spec.yType() == null ? YType.NUMBER : spec.yType(), spec.xUnit(),
                    slot(spec.x(), PointField.X, valuePaths, keyPaths),
                    slot(spec.y(), PointField.Y, valuePaths, keyPaths),
                    slot(spec.text(), PointField.TEXT, valuePaths, keyPaths),
                    slot(spec.markerColor(), PointField.MARKER_COLOR, valuePaths, keyPaths),
                    slot(spec.markerSize(), PointField.MARKER_SIZE, valuePaths, keyPaths));
        }
        this.seriesPoints = new SeriesPoint[plans.length];
        for (int i = 0; i < plans.length; i++) {
            seriesPoints[i] = new SeriesPoint(plans[i].name, null);
        }
        this.points = new ArrayList<>(plans.length);
        this.result = new MappingResult(points, List.of());
        this.valueScan = valuePaths.isEmpty() ? null : new TextScan(valuePaths.keySet());
        this.keyScan = keyPaths.isEmpty() ? null : new TextScan(keyPaths.keySet());
    }

    private static void checkOptions(MappingOptions options) {
        if (options == null || options.zone() == null || options.onTombstone() == null
                || options.onMissing() == null || options.onNull() == null) {
            throw new IllegalArgumentException("mapping options need a zone and all three missing-value policies: "
                    + options);
        }
        if (options.maxValueChars() <= 0) {
            throw new IllegalArgumentException("maxValueChars must be positive, was " + options.maxValueChars());
        }
    }

    /** Gives every distinct value/key path a slot in that side's one-pass JSON scan. */
    private static Slot slot(FieldRef ref, PointField field, Map<FieldRef, Integer> valuePaths,
                             Map<FieldRef, Integer> keyPaths) {
        if (ref == null) {
            return null;
        }
        int scanSlot = -1;
        if (ref.hasPath()) {
            Map<FieldRef, Integer> paths = ref.source() == FieldRef.Source.VALUE ? valuePaths : keyPaths;
            scanSlot = paths.computeIfAbsent(ref, r -> paths.size());
        }
        return new Slot(ref, field, scanSlot);
    }

    /**
     * The points of one record. The result, its list and its {@link SeriesPoint}s are this mapper's
     * and are reused by the next call: read them before mapping the next record (the {@link Point}s
     * are new each time and may be kept).
     *
     * @throws BadRecordException naming topic, partition, offset and the failing field reference
     */
    public MappingResult map(SinkRecord record) throws BadRecordException {
        skipReasons = null;
        if (valueScan != null) {
            valueScan.reset();
        }
        if (keyScan != null) {
            keyScan.reset();
        }
        points.clear();
        boolean tombstone = record.value() == null;
        for (int i = 0; i < plans.length; i++) {
            SeriesPlan plan = plans[i];
            if (tombstone && plan.readsValue) {
                String reason = RecordLocation.of(record) + ": tombstone (null value), and series " + plan.name
                        + " reads the value";
                if (!skip(options.onTombstone(), reason)) {
                    throw new BadRecordException(reason);
                }
                continue;
            }
            Object x = plan.x == null ? recordTimestamp(record, plan) : required(record, plan, plan.x);
            if (x == SKIPPED) {
                continue;
            }
            Object y = required(record, plan, plan.y);
            if (y == SKIPPED) {
                continue;
            }
            Point point = new Point(x, y, optional(record, plan, plan.text), optional(record, plan, plan.color),
                    optional(record, plan, plan.size));
            points.add(seriesPoints[i].reuse(point));
        }
        return skipReasons == null ? result : new MappingResult(points, skipReasons);
    }

    private Object recordTimestamp(SinkRecord record, SeriesPlan plan) throws BadRecordException {
        Long timestamp = record.timestamp();
        if (timestamp == null) {
            String reason = RecordLocation.of(record) + ": record timestamp (x of series " + plan.name + ") is missing";
            if (!skip(options.onMissing(), reason)) {
                throw new BadRecordException(reason);
            }
            return SKIPPED;
        }
        try {
            return values.timestamp(timestamp);
        } catch (ValueRejectedException e) {
            throw new BadRecordException(RecordLocation.of(record) + ": record timestamp (x of series " + plan.name
                    + ") " + e.getMessage());
        }
    }

    private Object required(SinkRecord record, SeriesPlan plan, Slot slot) throws BadRecordException {
        Extraction found = lookup(record, slot);
        if (found.value == FieldRef.MISSING || found.value == null) {
            boolean missing = found.value == FieldRef.MISSING;
            String reason = RecordLocation.of(record) + ": field " + slot.describe(plan) + (missing ? " is missing" : " is null");
            if (!skip(missing ? options.onMissing() : options.onNull(), reason)) {
                throw new BadRecordException(reason);
            }
            return SKIPPED;
        }
        return convert(record, plan, slot, found);
    }

    private Object optional(SinkRecord record, SeriesPlan plan, Slot slot) throws BadRecordException {
        if (slot == null) {
            return null;
        }
        Extraction found = lookup(record, slot);
        if (found.value == FieldRef.MISSING || found.value == null) {
            return null;
        }
        return convert(record, plan, slot, found);
    }

    private Object convert(SinkRecord record, SeriesPlan plan, Slot slot, Extraction found) throws BadRecordException {
        try {
            if (slot.field == PointField.X && plan.xUnit != null && !(found.value instanceof java.util.Date)) {
                return epochX.format(found.value, plan.xUnit); // a date already says its instant
            }
            boolean timestamp = slot.ref.source() == FieldRef.Source.TIMESTAMP;
            Object converted = values.convert(found.value, found.schema, timestamp, slot.field);
            if (slot.field == PointField.Y) {
                return plan.yType.apply(converted, timestamp || found.value instanceof java.util.Date);
            }
            return converted;
        } catch (ValueRejectedException e) {
            throw new BadRecordException(RecordLocation.of(record) + ": field " + slot.describe(plan) + " " + e.getMessage());
        }
    }

    private Extraction lookup(SinkRecord record, Slot slot) throws BadRecordException {
        if (slot.scanSlot >= 0) {
            boolean fromValue = slot.ref.source() == FieldRef.Source.VALUE;
            Object root = fromValue ? record.value() : record.key();
            if (JsonFieldScanner.isText(root)) {
                TextScan scan = fromValue ? valueScan : keyScan;
                return scratch.set(scan.found(record, root, slot.scanSlot), null);
            }
        }
        return slot.ref.extractInto(record, scratch);
    }

    /** @return true when the policy is SKIP, having recorded the reason */
    private boolean skip(MissingValuePolicy policy, String reason) {
        if (policy != MissingValuePolicy.SKIP) {
            return false;
        }
        if (skipReasons == null) {
            skipReasons = new ArrayList<>(2);
        }
        skipReasons.add(reason);
        return true;
    }

    /** One side's (value or key) single-pass JSON scan, done on first need and kept for the record. */
    private static final class TextScan {
        final List<FieldRef> refs;
        final JsonFieldScanner scanner;
        final JsonFieldScanner.Cursor cursor = new JsonFieldScanner.Cursor(); // reused: the mapper is thread-confined
        final Object[] found;
        boolean scanned;

        TextScan(Set<FieldRef> paths) {
            this.refs = List.copyOf(paths);
            List<PathSegment[]> compiled = new ArrayList<>(refs.size());
            for (FieldRef ref : refs) {
                compiled.add(ref.path());
            }
            this.scanner = new JsonFieldScanner(compiled);
            this.found = new Object[refs.size()];
        }

        void reset() {
            scanned = false;
        }

        Object found(SinkRecord record, Object text, int slot) throws BadRecordException {
            if (!scanned) {
                try {
                    scanner.scanText(text, found, cursor);
                } catch (IOException e) {
                    throw FieldRef.notJson(record, refs, e);
                }
                scanned = true;
            }
            return found[slot];
        }
    }

    private static final class SeriesPlan {
        final String name;
        final YType yType;
        final EpochUnit xUnit;
        final Slot x;
        final Slot y;
        final Slot text;
        final Slot color;
        final Slot size;
        final boolean readsValue;

        SeriesPlan(String name, YType yType, EpochUnit xUnit, Slot x, Slot y, Slot text, Slot color, Slot size) {
            this.name = name;
            this.yType = yType;
            this.xUnit = xUnit;
            this.x = x;
            this.y = y;
            this.text = text;
            this.color = color;
            this.size = size;
            this.readsValue = readsValue(x) || readsValue(y) || readsValue(text) || readsValue(color) || readsValue(size);
        }

        private static boolean readsValue(Slot slot) {
            return slot != null && slot.ref.source() == FieldRef.Source.VALUE;
        }
    }

    private static final class Slot {
        private final FieldRef ref;
        private final PointField field;
        private final int scanSlot;

        private Slot(FieldRef ref, PointField field, int scanSlot) {
            this.ref = ref;
            this.field = field;
            this.scanSlot = scanSlot;
        }

        public FieldRef ref() {
            return ref;
        }

        public PointField field() {
            return field;
        }

        public int scanSlot() {
            return scanSlot;
        }

        String describe(SeriesPlan plan) {
            return ref.spec() + " (" + field + " of series " + plan.name + ")";
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Slot)) {
                return false;
            }
            Slot other = (Slot) o;
            return Objects.equals(ref, other.ref) && Objects.equals(field, other.field) && scanSlot == other.scanSlot;
        }

        @Override
        public int hashCode() {
            return Objects.hash(ref, field, scanSlot);
        }

        @Override
        public String toString() {
            return "Slot[ref=" + ref + ", field=" + field + ", scanSlot=" + scanSlot + "]";
        }
    }
}
