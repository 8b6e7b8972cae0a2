package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers a history range for one trace: its history buckets and raw window points in the range,
 * re-bucketed at the finest power-of-ten width whose answer fits in {@code points}. Runs outside
 * the plot's lock on copies taken under it.
 */
public final class HistoryQuery {

    static final int RAW = Integer.MIN_VALUE;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HistoryQuery() {
    }

    /**
     * One trace's answer.
     *
     * @param index  the trace's index in the figure
     * @param x      x values in x order (Plotly date strings for a date x)
     * @param y      y values
     * @param bucket the coarsest bucket width in the answer ({@code "10s"}, {@code "100"}), or {@code "raw"}
     */
    public record TraceAnswer(int index, ArrayNode x, ArrayNode y, String bucket) {
    }

    /** What a trace holds in a range, copied under the plot's lock. */
    record TraceItems(int index, boolean dates, List<Item> items) {
    }

    static TraceAnswer answer(TraceItems trace, int maxPoints) {
        List<Item> items = new ArrayList<>(trace.items());
        items.sort(Comparator.comparingDouble(i -> i.fx));
        List<Item> chosen = items;
        if (countPoints(items) > maxPoints) {
            int e = Integer.MAX_VALUE;
            for (Item item : items) {
                if (item.exp != RAW) {
                    e = Math.min(e, item.exp);
                }
            }
            if (e == Integer.MAX_VALUE) {
                double span = items.get(items.size() - 1).lx - items.get(0).fx;
                e = TraceHistory.exponentFor(span / Math.max(1, items.size() - 1), trace.dates());
            }
            for (; ; e++) {
                chosen = aggregate(items, e);
                if (countPoints(chosen) <= maxPoints || chosen.size() <= 1 || e >= 300) {
                    break;
                }
            }
        }
        List<double[]> points = new ArrayList<>();
        List<JsonNode[]> originals = new ArrayList<>();
        int coarsest = RAW;
        for (Item item : chosen) {
            coarsest = Math.max(coarsest, item.exp);
            item.emit(points, originals);
        }
        if (points.size() > maxPoints) { // one bucket of up to four points, fewer asked: keep lowest, highest, last
            trimTo(points, originals, maxPoints);
        }
        Integer[] order = new Integer[points.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> points.get(i)[0]));
        ArrayNode xs = JSON.arrayNode(order.length);
        ArrayNode ys = JSON.arrayNode(order.length);
        for (int i : order) {
            double[] p = points.get(i);
            JsonNode[] original = originals.get(i);
            xs.add(original != null ? original[0] : xValue(p[0], trace.dates()));
            ys.add(original != null ? original[1] : number(p[1]));
        }
        return new TraceAnswer(trace.index(), xs, ys, label(coarsest, trace.dates()));
    }

    private static void trimTo(List<double[]> points, List<JsonNode[]> originals, int maxPoints) {
        while (points.size() > maxPoints) {
            int drop = 0; // the first in x order goes first: lowest, highest and last say most
            for (int i = 1; i < points.size(); i++) {
                if (points.get(i)[0] < points.get(drop)[0]) {
                    drop = i;
                }
            }
            points.remove(drop);
            originals.remove(drop);
        }
    }

    static List<Item> aggregate(List<Item> items, int target) {
        List<Item> out = new ArrayList<>();
        double width = Math.pow(10, target);
        Item current = null;
        long currentKey = 0;
        for (Item item : items) {
            if (item.exp != RAW && item.exp >= target) {
                if (current != null) {
                    out.add(current);
                    current = null;
                }
                out.add(item);
                continue;
            }
            long key = (long) Math.floor(item.fx / width);
            if (current != null && key == currentKey) {
                current.merge(item);
            } else {
                if (current != null) {
                    out.add(current);
                }
                current = item.copy();
                current.exp = target;
                currentKey = key;
            }
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    static int countPoints(List<Item> items) {
        int n = 0;
        for (Item item : items) {
            n += item.distinct();
        }
        return n;
    }

    static JsonNode xValue(double x, boolean dates) {
        return dates ? JSON.textNode(PlotlyTime.formatDate((long) Math.floor(x))) : number(x);
    }

    /** A double as JSON: integral values as integers ({@code 5}, not {@code 5.0}). */
    public static JsonNode number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15) {
            return JSON.numberNode((long) v);
        }
        return JSON.numberNode(v);
    }

    /** A bucket width as text: {@code 100ms}, {@code 10s}, {@code 1000s} for dates, {@code 0.01} or {@code 1000} for numbers. */
    static String label(int exp, boolean dates) {
        if (exp == RAW) {
            return "raw";
        }
        if (dates) {
            if (exp < 3) {
                return BigDecimal.ONE.scaleByPowerOfTen(exp).toPlainString() + "ms";
            }
            return BigDecimal.ONE.scaleByPowerOfTen(exp - 3).toPlainString() + "s";
        }
        return BigDecimal.ONE.scaleByPowerOfTen(exp).toPlainString();
    }

    /** A bucket (exp = its width's power of ten) or a raw point (exp = RAW, with its original JSON values). */
    static final class Item {
        int exp;
        long count;
        double fx;
        double fy;
        double lox;
        double loy;
        double hix;
        double hiy;
        double lx;
        double ly;
        /** Original JSON (x, y) of each of the four points, null for history buckets. */
        JsonNode[] first;
        JsonNode[] low;
        JsonNode[] high;
        JsonNode[] last;

        static Item bucket(int exp, long count, double fx, double fy, double lox, double loy, double hix, double hiy,
                           double lx, double ly) {
            Item item = new Item();
            item.exp = exp;
            item.count = count;
            item.fx = fx;
            item.fy = fy;
            item.lox = lox;
            item.loy = loy;
            item.hix = hix;
            item.hiy = hiy;
            item.lx = lx;
            item.ly = ly;
            return item;
        }

        static Item raw(double x, double y, JsonNode xj, JsonNode yj) {
            Item item = bucket(RAW, 1, x, y, x, y, x, y, x, y);
            JsonNode[] original = {xj, yj};
            item.first = original;
            item.low = original;
            item.high = original;
            item.last = original;
            return item;
        }

        Item copy() {
            Item c = bucket(exp, count, fx, fy, lox, loy, hix, hiy, lx, ly);
            c.first = first;
            c.low = low;
            c.high = high;
            c.last = last;
            return c;
        }

        void merge(Item o) {
            count += o.count;
            if (o.fx < fx) {
                fx = o.fx;
                fy = o.fy;
                first = o.first;
            }
            if (o.lx >= lx) {
                lx = o.lx;
                ly = o.ly;
                last = o.last;
            }
            if (o.loy < loy) {
                lox = o.lox;
                loy = o.loy;
                low = o.low;
            }
            if (o.hiy > hiy) {
                hix = o.hix;
                hiy = o.hiy;
                high = o.high;
            }
        }

        int distinct() {
            int n = 1;
            if (!same(lox, loy, fx, fy)) {
                n++;
            }
            if (!same(hix, hiy, fx, fy) && !same(hix, hiy, lox, loy)) {
                n++;
            }
            if (!same(lx, ly, fx, fy) && !same(lx, ly, lox, loy) && !same(lx, ly, hix, hiy)) {
                n++;
            }
            return n;
        }

        void emit(List<double[]> points, List<JsonNode[]> originals) {
            points.add(new double[]{fx, fy});
            originals.add(first);
            if (!same(lox, loy, fx, fy)) {
                points.add(new double[]{lox, loy});
                originals.add(low);
            }
            if (!same(hix, hiy, fx, fy) && !same(hix, hiy, lox, loy)) {
                points.add(new double[]{hix, hiy});
                originals.add(high);
            }
            if (!same(lx, ly, fx, fy) && !same(lx, ly, lox, loy) && !same(lx, ly, hix, hiy)) {
                points.add(new double[]{lx, ly});
                originals.add(last);
            }
        }

        private static boolean same(double x1, double y1, double x2, double y2) {
            return x1 == x2 && y1 == y2;
        }
    }
}
