package io.plotstream.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotSnapshot;
import io.plotstream.server.plot.PlotlyTime;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-pixel-column reduction of snapshots (docs/VIEWER-WIDTH.md 2), on hand-built figures. */
class PixelReductionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T0 = PlotlyTime.parseDate("2026-12-06 12:00:00");

    /** A figure with one streamed scatter trace per builder, each of n points. */
    private static PlotSnapshot snapshot(ObjectNode... traces) {
        ObjectNode figure = MAPPER.createObjectNode();
        ArrayNode data = figure.putArray("data");
        long[] counts = new long[traces.length];
        int[] maxPoints = new int[traces.length];
        for (int k = 0; k < traces.length; k++) {
            data.add(traces[k]);
            int n = traces[k].path("x").size();
            counts[k] = n + 1000L; // points ever appended: more than the window holds
            maxPoints[k] = Math.max(n, 1);
        }
        figure.putObject("layout").putObject("title").put("text", "t");
        return new PlotSnapshot("p", figure, 3, counts, maxPoints, 0);
    }

    private static ObjectNode trace(int n, IntFunction<Object> x, IntFunction<Double> y) {
        ObjectNode trace = MAPPER.createObjectNode();
        trace.put("type", "scatter");
        trace.put("mode", "lines");
        ArrayNode xs = trace.putArray("x");
        ArrayNode ys = trace.putArray("y");
        for (int i = 0; i < n; i++) {
            Object xi = x.apply(i);
            if (xi instanceof String text) {
                xs.add(text);
            } else {
                xs.add(((Number) xi).doubleValue());
            }
            Double yi = y.apply(i);
            if (yi == null) {
                ys.addNull();
            } else {
                ys.add(yi);
            }
        }
        return trace;
    }

    private static ObjectNode numeric(int n, IntFunction<Double> y) {
        return trace(n, i -> i, y);
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void aSpikeAtTheEdgeBetweenTwoPixelColumnsIsKept() {
        // 10,000 points over 100 columns: column c holds x in [100c, 100c+100). A spike up on the last
        // point of column 41 and one down on the first point of column 42, inside a noisy line.
        Random random = new Random(7);
        double[] y = new double[10_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextDouble();
        }
        y[4199] = 50;
        y[4200] = -50;
        PlotSnapshot snapshot = snapshot(numeric(10_000, i -> y[i]));

        PixelReduction.Result result = PixelReduction.reduce(snapshot, 100);

        assertThat(result.reduced()).isTrue();
        assertThat(result.indices()[0]).contains(4199, 4200);
        JsonNode ys = result.figure().at("/data/0/y");
        assertThat(doubles(ys)).contains(50.0, -50.0);
        assertThat(ys.size()).isLessThanOrEqualTo(400);
    }

    @Test
    void everyColumnKeepsItsFirstLowestHighestAndLastPointAndNothingElse() {
        Random random = new Random(11);
        int n = 20_000;
        int width = 137;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.37 + random.nextDouble() * 0.1; // ascending, uneven spacing
            y[i] = Math.round(random.nextGaussian() * 4); // many ties
        }

        int[] kept = PixelReduction.m4(x, y, width);

        // Brute force: the same columns, scanned naively.
        double min = x[0];
        double span = x[n - 1] - x[0];
        boolean[] expected = new boolean[n];
        for (int column = 0; column < width; column++) {
            int first = -1;
            int last = -1;
            int low = -1;
            int high = -1;
            for (int i = 0; i < n; i++) {
                int c = (int) Math.min(width - 1, (x[i] - min) / span * width);
                if (c != column) {
                    continue;
                }
                if (first < 0) {
                    first = i;
                }
                last = i;
                if (low < 0 || y[i] < y[low]) {
                    low = i;
                }
                if (high < 0 || y[i] > y[high]) {
                    high = i;
                }
            }
            if (first >= 0) {
                expected[first] = expected[last] = expected[low] = expected[high] = true;
            }
        }
        int[] want = java.util.stream.IntStream.range(0, n).filter(i -> expected[i]).toArray();
        assertThat(kept).containsExactly(want);
        assertThat(kept.length).isLessThanOrEqualTo(4 * width);
    }

    @Test
    void indicesAreAscendingWithinTheWindowAndIncludeTheFirstAndLastPoint() {
        Random random = new Random(3);
        PlotSnapshot snapshot = snapshot(numeric(9_999, i -> random.nextGaussian()));

        int[] kept = PixelReduction.reduce(snapshot, 400).indices()[0];

        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(9_998);
        for (int j = 1; j < kept.length; j++) {
            assertThat(kept[j]).isGreaterThan(kept[j - 1]);
        }
        assertThat(kept.length).isBetween(400, 1600);
    }

    @Test
    void aTraceWhoseWindowFitsFourPointsPerColumnIsSentExactly() {
        PlotSnapshot fits = snapshot(numeric(1_600, i -> Math.sin(i)));
        PlotSnapshot oneMore = snapshot(numeric(1_601, i -> Math.sin(i)));

        PixelReduction.Result exact = PixelReduction.reduce(fits, 400);
        PixelReduction.Result cut = PixelReduction.reduce(oneMore, 400);

        assertThat(exact.reduced()).isFalse();
        assertThat(exact.figure()).isSameAs(fits.figure());
        assertThat(cut.reduced()).isTrue();
    }

    @Test
    void everyPerPointArrayIsCutWithTheSameIndices() {
        ObjectNode trace = numeric(5_000, i -> Math.sin(i / 10.0) * i);
        ArrayNode text = trace.putArray("text");
        ObjectNode marker = trace.putObject("marker");
        marker.put("symbol", "circle");
        ArrayNode colors = marker.putArray("color");
        ArrayNode sizes = marker.putArray("size");
        for (int i = 0; i < 5_000; i++) {
            text.add("p" + i);
            colors.add(i % 2 == 0 ? "red" : "blue");
            sizes.add(i);
        }
        trace.putArray("customdata").add(1); // not per point: left alone

        PixelReduction.Result result = PixelReduction.reduce(snapshot(trace), 100);

        int[] kept = result.indices()[0];
        JsonNode out = result.figure().at("/data/0");
        assertThat(out.get("x")).hasSize(kept.length);
        for (int j = 0; j < kept.length; j++) {
            int i = kept[j];
            assertThat(out.get("x").get(j).asDouble()).isEqualTo(i);
            assertThat(out.get("y").get(j).asDouble()).isEqualTo(Math.sin(i / 10.0) * i);
            assertThat(out.get("text").get(j).asText()).isEqualTo("p" + i);
            assertThat(out.at("/marker/color").get(j).asText()).isEqualTo(i % 2 == 0 ? "red" : "blue");
            assertThat(out.at("/marker/size").get(j).asInt()).isEqualTo(i);
        }
        assertThat(out.at("/marker/symbol").asText()).isEqualTo("circle");
        assertThat(out.get("customdata").toString()).isEqualTo("[1]");
        assertThat(out.get("mode").asText()).isEqualTo("lines");
    }

    @Test
    void dateXIsCutByItsTimeAsNaiveUtcMilliseconds() {
        // One point a second for 10,000 s, but the first 5,000 seconds hold only 100 points: time,
        // not position in the window, decides the columns.
        long[] millis = new long[5_100];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = T0 + (i < 100 ? i * 50_000L : 5_000_000L + (i - 100) * 1000L);
        }
        ObjectNode trace = trace(millis.length, i -> PlotlyTime.formatDate(millis[i]), i -> i == 3_000 ? 99.0 : 1.0);

        PixelReduction.Result result = PixelReduction.reduce(snapshot(trace), 100);

        int[] kept = result.indices()[0];
        assertThat(result.reduced()).isTrue();
        // columns of 100 s: the sparse first half keeps all its 100 points (2 per column), the dense
        // half at most 4 of every 100 points
        assertThat(kept).startsWith(java.util.stream.IntStream.range(0, 100).toArray());
        assertThat(kept).contains(3_000, 5_099);
        assertThat(kept.length).isLessThanOrEqualTo(100 + 4 * 50);
        assertThat(result.figure().at("/data/0/x/0").asText()).isEqualTo("2026-12-06 12:00:00.000");
    }

    @Test
    void numericXWithUnevenSpacingIsCutByValue() {
        // x = i^2: the columns near 0 hold many points, the last ones few.
        PixelReduction.Result result = PixelReduction.reduce(snapshot(trace(4_000, i -> (double) i * i, i -> (double) (i % 7))), 50);

        int[] kept = result.indices()[0];
        assertThat(kept.length).isLessThanOrEqualTo(200);
        assertThat(kept).contains(0, 3_999);
        // the first column, x < 320,000 (i < 566), is cut to at most 4 of its points
        assertThat(Arrays.stream(kept).filter(i -> i < 565).count()).isLessThanOrEqualTo(4);
    }

    @Test
    void aGapInTheLineStaysAGap() {
        PixelReduction.Result result = PixelReduction.reduce(snapshot(numeric(2_000, i -> i == 777 ? null : 1.0)), 10);

        assertThat(result.indices()[0]).contains(777);
        int at = Arrays.binarySearch(result.indices()[0], 777);
        assertThat(result.figure().at("/data/0/y").get(at).isNull()).isTrue();
    }

    @Test
    void tracesThatAreNotNumberLinesOrNotStreamedAreSentExactly() {
        int n = 2_000;
        ObjectNode bars = numeric(n, i -> 1.0 * i);
        bars.put("type", "bar");
        ObjectNode categories = trace(n, i -> "c" + i, i -> 1.0 * i);
        ObjectNode stringY = numeric(n, i -> 1.0);
        ((ArrayNode) stringY.get("y")).set(5, MAPPER.getNodeFactory().textNode("high"));
        ObjectNode mixedX = numeric(n, i -> 1.0);
        ((ArrayNode) mixedX.get("x")).set(9, MAPPER.getNodeFactory().textNode("2026-12-06"));
        ObjectNode onCategoryAxis = numeric(n, i -> 1.0);
        onCategoryAxis.put("xaxis", "x2");
        ObjectNode onLogAxis = numeric(n, i -> 1.0);
        onLogAxis.put("xaxis", "x3");
        ObjectNode markers = numeric(n, i -> 1.0);
        markers.put("mode", "lines+markers");
        ObjectNode stacked = numeric(n, i -> 1.0);
        stacked.put("stackgroup", "one");
        ObjectNode fillToNext = numeric(n, i -> 1.0);
        fillToNext.put("fill", "tonexty");
        ObjectNode line = numeric(n, i -> Math.cos(i));
        line.remove("type"); // plotly's default: scatter
        line.remove("mode"); // plotly's default for a long trace: lines
        line.put("fill", "tozeroy");
        PlotSnapshot snapshot = snapshot(bars, categories, stringY, mixedX, onCategoryAxis, onLogAxis, markers,
                stacked, fillToNext, line);
        ObjectNode layout = (ObjectNode) snapshot.figure().get("layout");
        layout.putObject("xaxis2").put("type", "category");
        layout.putObject("xaxis3").put("type", "log");

        PixelReduction.Result result = PixelReduction.reduce(snapshot, 10);

        assertThat(result.indices().length).isEqualTo(10);
        assertThat(Arrays.asList(result.indices()).subList(0, 9)).containsOnlyNulls();
        assertThat(result.indices()[9]).isNotNull();
        for (int k = 0; k < 9; k++) {
            assertThat(result.figure().at("/data/" + k)).as("trace " + k).isSameAs(snapshot.figure().at("/data/" + k));
        }
        assertThat(result.figure().get("layout")).isSameAs(layout);
    }

    @Test
    void aTraceThatIsNotStreamedIsSentExactly() {
        ObjectNode staticLine = numeric(3_000, i -> Math.cos(i));
        PlotSnapshot snapshot = snapshot(staticLine);
        PlotSnapshot notStreamed = new PlotSnapshot("p", snapshot.figure(), 1, new long[] {0}, new int[] {0}, 0);

        assertThat(PixelReduction.reduce(notStreamed, 10).reduced()).isFalse();
    }

    @Test
    void theSnapshotItselfIsNeverModified() {
        PlotSnapshot snapshot = snapshot(numeric(3_000, i -> Math.cos(i)));
        String before = snapshot.figure().toString();

        PixelReduction.reduce(snapshot, 10);

        assertThat(snapshot.figure().toString()).isEqualTo(before);
    }

    @Test
    void aNarrowerWidthKeepsFewerPoints() {
        PlotSnapshot snapshot = snapshot(numeric(10_000, i -> Math.sin(i * 0.01) + (i % 13) * 0.1));

        int wide = PixelReduction.reduce(snapshot, 800).indices()[0].length;
        int narrow = PixelReduction.reduce(snapshot, 100).indices()[0].length;

        assertThat(narrow).isLessThan(wide).isLessThanOrEqualTo(400);
        assertThat(wide).isLessThanOrEqualTo(3_200);
    }

    @Test
    void theWindowsOldestAndNewestPointsAreKeptEvenWhenXIsNotInOrder() {
        // so the browser reads the window's length from the last index (time windows hold fewer than maxPoints)
        Random random = new Random(5);
        double[] x = new double[5_000];
        double[] y = new double[5_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() * 1000;
            y[i] = random.nextGaussian();
        }

        int[] kept = PixelReduction.m4(x, y, 50);

        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(4_999);
    }

    @Test
    void allPointsAtOneXAreOneColumn() {
        int[] kept = PixelReduction.m4(new double[] {5, 5, 5, 5, 5, 5}, new double[] {3, 1, 9, 9, 1, 4}, 2);

        assertThat(kept).containsExactly(0, 1, 2, 5);
    }

    @Test
    void framesCarryTheKeptIndicesPerTraceAndNothingWhenNothingWasCut() throws Exception {
        Frames frames = new Frames(MAPPER);
        ObjectNode bars = numeric(2_000, i -> 1.0);
        bars.put("type", "bar");
        PlotSnapshot snapshot = snapshot(bars, numeric(2_000, i -> Math.cos(i)));
        PlotSnapshot small = snapshot(numeric(10, i -> 1.0));

        JsonNode reduced = MAPPER.readTree(frames.snapshot(snapshot, 5, PixelReduction.reduce(snapshot, 10)).text());
        EncodedFrame whole = frames.snapshot(small, 5);
        EncodedFrame uncut = frames.snapshot(small, 5, PixelReduction.reduce(small, 10));

        assertThat(reduced.get("reduced")).hasSize(2);
        assertThat(reduced.at("/reduced/0").isNull()).isTrue();
        assertThat(reduced.at("/reduced/1/width").asInt()).isEqualTo(10);
        assertThat(reduced.at("/reduced/1/index")).hasSize(reduced.at("/figure/data/1/x").size());
        assertThat(reduced.at("/figure/data/0/x")).hasSize(2_000);
        assertThat(reduced.get("traceCounts").toString()).isEqualTo("[3000,3000]");
        assertThat(uncut.text()).isEqualTo(whole.text()).doesNotContain("reduced");
    }
}
