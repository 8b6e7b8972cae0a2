package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The downsampled past of one streamed trace: the points that left its live window, kept per
 * bucket of x as the first, lowest, highest and last point (and how many points fell in it).
 *
 * <p>{@value #LEVELS} levels; level {@code j} has buckets {@code 10^(exponent + j)} wide (x units
 * for numbers, milliseconds for dates), level 0 the finest. The exponent is chosen once, from the
 * window's point spacing when the first point arrives, so that a level-0 bucket holds about ten
 * points. Each level is a ring of buckets in x order, grown by doubling up to its share of the
 * per-trace budget ({@code bytesPerTrace / LEVELS}); growth reserves bytes from the shared
 * {@link HistoryBudget} first. When a level is full (its share, or the total budget refused more)
 * its oldest bucket folds into the next coarser level; the coarsest level drops its oldest.
 *
 * <p>Accounting: {@value #BYTES_PER_BUCKET} bytes per bucket slot allocated (key 8, count 8,
 * four (x, y) points as doubles 64: the primitive arrays hold exactly that) plus
 * {@value #BYTES_PER_LEVEL} per level in use (ten array headers, the level object). Slots are counted
 * when allocated, not when filled, so the figure is what the heap holds.
 *
 * <p>Only points with a numeric or date x and a numeric y are kept; a trace whose x is
 * categorical has no history. A point older than the newest bucket (x out of order) merges into
 * the bucket it falls in, at the finest level holding one, or is counted as dropped.
 * Not thread-safe: the owning {@link Plot} serialises access.
 */
final class TraceHistory {

    static final int LEVELS = 6;
    static final int BYTES_PER_BUCKET = 80;
    static final int BYTES_PER_LEVEL = 200;
    private static final int FIRST_SLOTS = 16;

    private final HistoryBudget budget;
    private final int maxSlotsPerLevel;
    private final Level[] levels = new Level[LEVELS];
    private final double[] widths = new double[LEVELS];
    private XKind kind = XKind.UNKNOWN;
    private int exponent;
    private long reserved;
    private long taken;
    private long dropped;
    private boolean released;

    TraceHistory(HistoryBudget budget) {
        this.budget = budget;
        long share = budget.limits().bytesPerTrace() / LEVELS - BYTES_PER_LEVEL;
        this.maxSlotsPerLevel = (int) Math.max(0, Math.min(Integer.MAX_VALUE / 2, share / BYTES_PER_BUCKET));
    }

    XKind kind() {
        return kind;
    }

    int exponent() {
        return exponent;
    }

    long reservedBytes() {
        return reserved;
    }

    long dropped() {
        return dropped;
    }

    long taken() {
        return taken;
    }

    int buckets(int level) {
        return levels[level] == null ? 0 : levels[level].size;
    }

    /**
     * Takes in one point that left the window.
     *
     * @param x       numeric x, or epoch millis for a date x; NaN when x is neither
     * @param date    whether x was a date
     * @param y       numeric y, NaN when y is not a number
     * @param spacing the window's typical x spacing (used once, for the first point), NaN if unknown
     */
    void add(double x, boolean date, double y, double spacing) {
        if (released) {
            return;
        }
        taken++;
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
            dropped++;
            return;
        }
        XKind pointKind = date ? XKind.DATES : XKind.NUMBERS;
        if (kind == XKind.UNKNOWN) {
            start(pointKind, exponentFor(spacing, date));
        } else if (kind != pointKind) {
            dropped++;
            return;
        }
        long k = (long) Math.floor(x / widths[0]);
        Level level = level(0);
        if (level.size > 0) {
            int newest = level.physical(level.size - 1);
            if (level.key[newest] == k) {
                level.mergePoint(newest, x, y);
                return;
            }
            if (k < level.key[newest]) {
                mergeOlder(x, y);
                return;
            }
        }
        push(0, k, 1, x, y, x, y, x, y, x, y);
    }

    private void start(XKind kind, int exponent) {
        this.kind = kind;
        this.exponent = exponent;
        for (int j = 0; j < LEVELS; j++) {
            widths[j] = Math.pow(10, exponent + j);
        }
    }

    /** Level-0 buckets of about ten points: 10^ceil(log10(10 * spacing)); dates never finer than 1 ms. */
    static int exponentFor(double spacing, boolean date) {
        int e;
        if (Double.isNaN(spacing) || spacing <= 0 || Double.isInfinite(spacing)) {
            e = date ? 3 : 0;
        } else {
            e = (int) Math.ceil(Math.log10(spacing * 10) - 1e-9);
        }
        return Math.max(date ? 0 : -300, Math.min(300, e));
    }

    private Level level(int j) {
        Level level = levels[j];
        if (level == null) {
            level = levels[j] = new Level();
        }
        return level;
    }

    private void push(int j, long key, long count, double fx, double fy, double lox, double loy,
                      double hix, double hiy, double lx, double ly) {
        Level level = level(j);
        if (level.size == level.capacity && !grow(level)) {
            if (level.capacity == 0) {
                passOn(j, key, count, fx, fy, lox, loy, hix, hiy, lx, ly);
                return;
            }
            foldOldest(j);
        }
        int slot = level.physical(level.size);
        level.size++;
        level.set(slot, key, count, fx, fy, lox, loy, hix, hiy, lx, ly);
    }

    private void foldOldest(int j) {
        Level level = levels[j];
        int s = level.start;
        long key = level.key[s];
        long count = level.count[s];
        double fx = level.fx[s];
        double fy = level.fy[s];
        double lox = level.lox[s];
        double loy = level.loy[s];
        double hix = level.hix[s];
        double hiy = level.hiy[s];
        double lx = level.lx[s];
        double ly = level.ly[s];
        level.start = level.start + 1 == level.capacity ? 0 : level.start + 1;
        level.size--;
        passOn(j, key, count, fx, fy, lox, loy, hix, hiy, lx, ly);
    }

    /** A bucket leaving level j goes into level j + 1 (the bucket ten times wider that holds it), or is dropped past the coarsest. */
    private void passOn(int j, long key, long count, double fx, double fy, double lox, double loy,
                        double hix, double hiy, double lx, double ly) {
        if (j + 1 >= LEVELS) {
            dropped += count;
            return;
        }
        long coarse = Math.floorDiv(key, 10);
        Level next = level(j + 1);
        if (next.size > 0) {
            int newest = next.physical(next.size - 1);
            if (next.key[newest] == coarse) { // the common case: folding in x order
                next.mergeBucket(newest, count, fx, fy, lox, loy, hix, hiy, lx, ly);
                return;
            }
            if (coarse < next.key[newest]) {
                int found = next.find(coarse);
                if (found >= 0) {
                    next.mergeBucket(found, count, fx, fy, lox, loy, hix, hiy, lx, ly);
                } else {
                    dropped += count; // older than what the coarser level holds, in a gap: cannot be placed in order
                }
                return;
            }
        }
        push(j + 1, coarse, count, fx, fy, lox, loy, hix, hiy, lx, ly);
    }

    /** An x older than the newest level-0 bucket: merged into the finest bucket that holds it, else dropped. */
    private void mergeOlder(double x, double y) {
        for (int j = 0; j < LEVELS; j++) {
            Level level = levels[j];
            if (level == null || level.size == 0) {
                continue;
            }
            long k = (long) Math.floor(x / widths[j]);
            int found = level.find(k);
            if (found >= 0) {
                level.mergePoint(found, x, y);
                return;
            }
            if (k > level.key[level.start]) {
                break; // inside this level's span but in a gap
            }
        }
        dropped++;
    }

    private boolean grow(Level level) {
        if (level.capacity >= maxSlotsPerLevel) {
            return false;
        }
        int next = Math.min(maxSlotsPerLevel, Math.max(FIRST_SLOTS, level.capacity * 2));
        long bytes = (long) (next - level.capacity) * BYTES_PER_BUCKET + (level.capacity == 0 ? BYTES_PER_LEVEL : 0);
        if (!budget.tryReserve(bytes)) {
            return false;
        }
        reserved += bytes;
        level.resize(next);
        return true;
    }

    private TraceHistory(TraceHistory from) {
        this.budget = null;
        this.maxSlotsPerLevel = from.maxSlotsPerLevel;
        this.kind = from.kind;
        this.exponent = from.exponent;
        System.arraycopy(from.widths, 0, widths, 0, LEVELS);
        this.taken = from.taken;
        this.dropped = from.dropped;
        for (int j = 0; j < LEVELS; j++) {
            if (from.levels[j] != null) {
                levels[j] = from.levels[j].copy();
            }
        }
        this.released = true; // a detached copy for saving: takes nothing in, reserves nothing
    }

    /** A detached copy (array copies only) to encode outside the plot's lock. */
    TraceHistory copy() {
        return new TraceHistory(this);
    }

    /** Gives the bytes back (the trace went away); the history takes nothing afterwards. */
    void release() {
        if (!released) {
            released = true;
            budget.release(reserved);
            reserved = 0;
            for (int j = 0; j < LEVELS; j++) {
                levels[j] = null;
            }
        }
    }

    /** Adds the buckets overlapping [from, to] to {@code out}, coarsest level first (so roughly in x order). */
    void collect(double from, double to, List<HistoryQuery.Item> out) {
        for (int j = LEVELS - 1; j >= 0; j--) {
            Level level = levels[j];
            if (level == null) {
                continue;
            }
            for (int i = 0; i < level.size; i++) {
                int s = level.physical(i);
                if (level.lx[s] < from || level.fx[s] > to) {
                    continue;
                }
                out.add(HistoryQuery.Item.bucket(exponent + j, level.count[s], level.fx[s], level.fy[s], level.lox[s],
                        level.loy[s], level.hix[s], level.hiy[s], level.lx[s], level.ly[s]));
            }
        }
    }

    /** For the data directory: kind, exponent and every level's buckets as columns. */
    ObjectNode encode() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        out.put("exponent", exponent);
        out.put("dropped", dropped);
        out.put("taken", taken);
        ArrayNode list = out.putArray("levels");
        for (int j = 0; j < LEVELS; j++) {
            Level level = levels[j];
            ArrayNode buckets = list.addArray();
            if (level == null) {
                continue;
            }
            for (int i = 0; i < level.size; i++) {
                int s = level.physical(i);
                buckets.addArray().add(level.key[s]).add(level.count[s]).add(level.fx[s]).add(level.fy[s])
                        .add(level.lox[s]).add(level.loy[s]).add(level.hix[s]).add(level.hiy[s])
                        .add(level.lx[s]).add(level.ly[s]);
            }
        }
        return out;
    }

    /** Restores what {@link #encode} wrote; buckets beyond this server's caps fold as they would live. */
    void decode(JsonNode saved) {
        if (saved == null || !saved.isObject()) {
            return;
        }
        XKind savedKind;
        try {
            savedKind = XKind.valueOf(saved.path("kind").asText("unknown").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (savedKind == XKind.UNKNOWN) {
            return;
        }
        start(savedKind, Math.max(-300, Math.min(300, saved.path("exponent").asInt(0))));
        dropped = saved.path("dropped").asLong(0);
        taken = saved.path("taken").asLong(0);
        JsonNode list = saved.path("levels");
        // coarsest first, so that folding during the restore keeps x order
        for (int j = Math.min(LEVELS, list.size()) - 1; j >= 0; j--) {
            for (JsonNode b : list.get(j)) {
                if (!b.isArray() || b.size() != 10) {
                    continue;
                }
                push(j, b.get(0).asLong(), b.get(1).asLong(), b.get(2).asDouble(), b.get(3).asDouble(), b.get(4).asDouble(),
                        b.get(5).asDouble(), b.get(6).asDouble(), b.get(7).asDouble(), b.get(8).asDouble(), b.get(9).asDouble());
            }
        }
    }

    /** One level: a ring of buckets in x order, in parallel primitive arrays. */
    private static final class Level {
        long[] key = new long[0];
        long[] count = new long[0];
        double[] fx = new double[0];
        double[] fy = new double[0];
        double[] lox = new double[0];
        double[] loy = new double[0];
        double[] hix = new double[0];
        double[] hiy = new double[0];
        double[] lx = new double[0];
        double[] ly = new double[0];
        int capacity;
        int start;
        int size;

        int physical(int logical) {
            int p = start + logical;
            return p >= capacity ? p - capacity : p;
        }

        void set(int s, long k, long c, double fx, double fy, double lox, double loy, double hix, double hiy, double lx, double ly) {
            key[s] = k;
            count[s] = c;
            this.fx[s] = fx;
            this.fy[s] = fy;
            this.lox[s] = lox;
            this.loy[s] = loy;
            this.hix[s] = hix;
            this.hiy[s] = hiy;
            this.lx[s] = lx;
            this.ly[s] = ly;
        }

        void mergePoint(int s, double x, double y) {
            count[s]++;
            if (x < fx[s]) {
                fx[s] = x;
                fy[s] = y;
            }
            if (x >= lx[s]) {
                lx[s] = x;
                ly[s] = y;
            }
            if (y < loy[s]) {
                lox[s] = x;
                loy[s] = y;
            }
            if (y > hiy[s]) {
                hix[s] = x;
                hiy[s] = y;
            }
        }

        void mergeBucket(int s, long c, double ofx, double ofy, double olox, double oloy, double ohix, double ohiy,
                         double olx, double oly) {
            count[s] += c;
            if (ofx < fx[s]) {
                fx[s] = ofx;
                fy[s] = ofy;
            }
            if (olx >= lx[s]) {
                lx[s] = olx;
                ly[s] = oly;
            }
            if (oloy < loy[s]) {
                lox[s] = olox;
                loy[s] = oloy;
            }
            if (ohiy > hiy[s]) {
                hix[s] = ohix;
                hiy[s] = ohiy;
            }
        }

        /** The slot of the bucket with key k (binary search over the ordered ring), or -1. */
        int find(long k) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long v = key[physical(mid)];
                if (v < k) {
                    lo = mid + 1;
                } else if (v > k) {
                    hi = mid - 1;
                } else {
                    return physical(mid);
                }
            }
            return -1;
        }

        Level copy() {
            Level c = new Level();
            c.key = key.clone();
            c.count = count.clone();
            c.fx = fx.clone();
            c.fy = fy.clone();
            c.lox = lox.clone();
            c.loy = loy.clone();
            c.hix = hix.clone();
            c.hiy = hiy.clone();
            c.lx = lx.clone();
            c.ly = ly.clone();
            c.capacity = capacity;
            c.start = start;
            c.size = size;
            return c;
        }

        void resize(int next) {
            key = copy(key, next);
            count = copy(count, next);
            fx = copy(fx, next);
            fy = copy(fy, next);
            lox = copy(lox, next);
            loy = copy(loy, next);
            hix = copy(hix, next);
            hiy = copy(hiy, next);
            lx = copy(lx, next);
            ly = copy(ly, next);
            capacity = next;
            start = 0;
        }

        private long[] copy(long[] from, int next) {
            long[] to = new long[next];
            for (int i = 0; i < size; i++) {
                to[i] = from[physical(i)];
            }
            return to;
        }

        private double[] copy(double[] from, int next) {
            double[] to = new double[next];
            for (int i = 0; i < size; i++) {
                to[i] = from[physical(i)];
            }
            return to;
        }
    }
}
