package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static io.plotstream.server.plot.PlotTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/** The downsampled history: levels, folding, byte caps, queries, persistence. */
class TraceHistoryTest {

    /** Six levels of exactly 16 buckets each (16 * 80 bytes + 200 per level). */
    private static final long SIXTEEN_PER_LEVEL = TraceHistory.LEVELS * (TraceHistory.BYTES_PER_LEVEL + 16L * TraceHistory.BYTES_PER_BUCKET);

    private final MutableClock clock = new MutableClock("2026-12-01 10:00:00");

    private PlotStore store(long perTrace, long total) {
        return new PlotStore(new Figures(10_000, 100), 100, new HistoryLimits(perTrace, total), clock);
    }

    private static void send(PlotStore store, String token, String line) {
        store.write(store.bindings(token), write(line));
    }

    private static long keptPoints(TraceHistory history) {
        long n = 0;
        for (JsonNode level : history.encode().path("levels")) {
            for (JsonNode bucket : level) {
                n += bucket.get(1).asLong();
            }
        }
        return n;
    }

    @Test
    void pointsLeavingTheWindowGoToLevelZeroAndFoldIntoCoarserLevels() {
        PlotStore store = store(SIXTEEN_PER_LEVEL, 1 << 20);
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":10}}]}"));
        for (int i = 0; i < 410; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + (i % 7) + "}");
        }
        TraceHistory history = store.plot("p").orElseThrow().historyOf(0);
        assertThat(history.exponent()).as("spacing 1: ten points per level-0 bucket").isEqualTo(1);
        assertThat(history.buckets(0)).isEqualTo(16);
        assertThat(history.buckets(1)).as("x 0..239 folded into buckets of 100").isEqualTo(3);
        assertThat(keptPoints(history)).isEqualTo(400);
        assertThat(history.dropped()).isZero();

        List<HistoryQuery.TraceAnswer> answer = store.plot("p").orElseThrow().history(0, 99, 20_000);
        assertThat(answer.get(0).x().toString()).as("first (= lowest), highest, last of x 0..99").isEqualTo("[0,6,99]");
        assertThat(answer.get(0).y().toString()).isEqualTo("[0,6,1]");
        assertThat(answer.get(0).bucket()).isEqualTo("100");
    }

    @Test
    void theCoarsestLevelDropsItsOldestAndEveryPointIsAccountedFor() {
        TraceHistory history = new TraceHistory(new HistoryBudget(new HistoryLimits(SIXTEEN_PER_LEVEL, 1 << 20)));
        int n = 1_800_000;
        for (int i = 0; i < n; i++) {
            history.add(i, false, i % 13, 0.1);
        }
        assertThat(history.exponent()).isZero();
        for (int level = 0; level < TraceHistory.LEVELS; level++) {
            assertThat(history.buckets(level)).as("level " + level).isLessThanOrEqualTo(16);
        }
        assertThat(history.dropped()).as("the coarsest level (buckets of 100000) overflowed").isPositive();
        assertThat(keptPoints(history) + history.dropped()).isEqualTo(n);
        assertThat(history.taken()).isEqualTo(n);
    }

    @Test
    void aTraceNeverHoldsMoreThanItsByteCap() {
        HistoryBudget budget = new HistoryBudget(new HistoryLimits(SIXTEEN_PER_LEVEL, 1 << 30));
        TraceHistory history = new TraceHistory(budget);
        for (int i = 0; i < 3_000_000; i++) {
            history.add(i * 0.5, false, i, 0.05);
        }
        assertThat(history.reservedBytes()).isEqualTo(SIXTEEN_PER_LEVEL);
        assertThat(budget.used()).isEqualTo(SIXTEEN_PER_LEVEL);
    }

    @Test
    void allHistoriesTogetherStayWithinTheTotalCapAndALateTraceKeepsWhatFits() {
        long oneLevel = TraceHistory.BYTES_PER_LEVEL + 16L * TraceHistory.BYTES_PER_BUCKET;
        PlotStore store = store(SIXTEEN_PER_LEVEL, SIXTEEN_PER_LEVEL + oneLevel + 10);
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":1}},{\"stream\":{\"token\":\"b\",\"maxpoints\":1}}]}"));
        for (int i = 0; i < 1_000; i++) { // one point per bucket up to level 4: every level of trace a fills
            send(store, "a", "{\"x\":" + i * 10_000 + ",\"y\":1}");
        }
        assertThat(store.plot("p").orElseThrow().historyOf(0).reservedBytes()).isEqualTo(SIXTEEN_PER_LEVEL);
        for (int i = 0; i < 3_000; i++) {
            send(store, "b", "{\"x\":" + i + ",\"y\":2}");
        }
        assertThat(store.historyBytes()).isLessThanOrEqualTo(store.historyLimits().bytesTotal());
        TraceHistory late = store.plot("p").orElseThrow().historyOf(1);
        assertThat(late.reservedBytes()).isEqualTo(oneLevel);
        assertThat(late.buckets(0)).isEqualTo(16);
        assertThat(keptPoints(late) + late.dropped()).isEqualTo(2_999);

        store.delete("p");
        assertThat(store.historyBytes()).as("a deleted plot gives its bytes back").isZero();
    }

    @Test
    void redefiningAPlotKeepsTheHistoryOfTracesItKeepsAndFreesTheOthers() {
        PlotStore store = store(SIXTEEN_PER_LEVEL, 1 << 20);
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":1}},{\"stream\":{\"token\":\"b\",\"maxpoints\":1}}]}"));
        for (int i = 0; i < 100; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":1}");
            send(store, "b", "{\"x\":" + i + ",\"y\":1}");
        }
        long both = store.historyBytes();
        store.put("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":1}}]}"));
        assertThat(store.historyBytes()).isEqualTo(both / 2);
        assertThat(keptPoints(store.plot("p").orElseThrow().historyOf(0))).isEqualTo(99);
    }

    @Test
    void anOutOfOrderPointMergesIntoTheBucketItFallsIn() {
        TraceHistory history = new TraceHistory(new HistoryBudget(new HistoryLimits(SIXTEEN_PER_LEVEL, 1 << 20)));
        for (int i = 0; i < 50; i++) {
            history.add(i, false, 1, 1); // buckets of 10
        }
        history.add(3, false, 100, Double.NaN);
        assertThat(history.dropped()).isZero();
        assertThat(keptPoints(history)).isEqualTo(51);
        List<HistoryQuery.Item> items = new java.util.ArrayList<>();
        history.collect(0, 9, items);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).hiy).isEqualTo(100);
        assertThat(items.get(0).hix).isEqualTo(3);
    }

    @Test
    void categoricalXHasNoHistory() {
        PlotStore store = store(SIXTEEN_PER_LEVEL, 1 << 20);
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":2}}]}"));
        for (String x : new String[]{"red", "green", "blue", "cyan"}) {
            send(store, "a", "{\"x\":\"" + x + "\",\"y\":1}");
        }
        Plot plot = store.plot("p").orElseThrow();
        assertThat(plot.historyOf(0).kind()).isEqualTo(XKind.UNKNOWN);
        assertThat(plot.historyOf(0).dropped()).isEqualTo(2);
        assertThat(plot.history(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 100).get(0).x()).isEmpty();
        assertThat(store.historyBytes()).isZero();
    }

    @Test
    void aRangeAnswersHistoryAndWindowInXOrderAtTheFinestBucketsThatFit() {
        PlotStore store = store(HistoryLimits.DEFAULT.bytesPerTrace(), HistoryLimits.DEFAULT.bytesTotal());
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":100}}]}"));
        for (int i = 0; i < 10_100; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + Math.sin(i / 50.0) + "}");
        }
        Plot plot = store.plot("p").orElseThrow();
        HistoryQuery.TraceAnswer window = plot.history(10_050, 10_099, 1000).get(0);
        assertThat(window.bucket()).isEqualTo("raw");
        assertThat(window.x()).hasSize(50);

        HistoryQuery.TraceAnswer all = plot.history(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1000).get(0);
        assertThat(all.x().size()).as("buckets of 10 would not fit; of 100, a smooth curve needs 2-3 points each").isBetween(200, 1000);
        assertThat(all.bucket()).isEqualTo("100");
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode x : all.x()) {
            assertThat(x.asDouble()).isGreaterThanOrEqualTo(previous);
            previous = x.asDouble();
        }
        assertThat(all.x().get(0).asInt()).isZero();
        assertThat(all.x().get(all.x().size() - 1).asInt()).isEqualTo(10_099);

        HistoryQuery.TraceAnswer fine = plot.history(0, 999, 20_000).get(0);
        assertThat(fine.bucket()).as("level 0 holds buckets of 10 with first, lowest, highest, last").isEqualTo("10");
        assertThat(fine.x().size()).isBetween(200, 400);

        assertThat(plot.history(0, 10_099, 3).get(0).x()).hasSize(3);
        assertThat(plot.history(0, 10_099, 1).get(0).x()).hasSize(1);
    }

    @Test
    void dateXIsBucketedInMillisecondsAndAnsweredAsPlotlyDates() {
        PlotStore store = store(HistoryLimits.DEFAULT.bytesPerTrace(), HistoryLimits.DEFAULT.bytesTotal());
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":10}}]}"));
        long start = PlotlyTime.parseDate("2026-12-01 09:00:00");
        for (int i = 0; i < 1000; i++) {
            send(store, "a", "{\"x\":\"" + PlotlyTime.formatDate(start + i * 100L) + "\",\"y\":" + i + "}");
        }
        Plot plot = store.plot("p").orElseThrow();
        assertThat(plot.xKind()).isEqualTo(XKind.DATES);
        HistoryQuery.TraceAnswer answer = plot.history(start, start + 10_000, 20_000).get(0);
        assertThat(answer.bucket()).as("100 ms spacing: buckets of a second").isEqualTo("1s");
        assertThat(answer.x().get(0).asText()).isEqualTo("2026-12-01 09:00:00.000");
        assertThat(answer.y().get(0).asInt()).isZero();
        assertThat(answer.x().get(1).asText()).isEqualTo("2026-12-01 09:00:00.900");
    }

    @Test
    void pointsThatAgeOutOfTheWindowEnterTheHistory() {
        PlotStore store = store(HistoryLimits.DEFAULT.bytesPerTrace(), HistoryLimits.DEFAULT.bytesTotal());
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"1m\"}}]}"));
        for (int i = 0; i < 5; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + i + "}");
        }
        clock.advance(Duration.ofMinutes(2));
        store.trimAged();
        Plot plot = store.plot("p").orElseThrow();
        assertThat(plot.snapshot().figure().path("data").get(0).path("x").toString()).isEqualTo("[]");
        assertThat(keptPoints(plot.historyOf(0))).isEqualTo(5);
        assertThat(plot.history(0, 4, 100).get(0).y().toString()).as("one bucket of ten: first = lowest, highest = last")
                .isEqualTo("[0,4]");
    }

    @Test
    void historyIsSavedWithTheWindowsAndComesBackTheSame() {
        PlotStore store = store(SIXTEEN_PER_LEVEL, 1 << 20);
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":10}}]}"));
        for (int i = 0; i < 2_000; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + (i * 7919 % 101) + "}");
        }
        Plot plot = store.plot("p").orElseThrow();
        ObjectNode saved = plot.windowsJson();
        ObjectNode history = plot.historyJson();
        String before = plot.history(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 20_000).toString();

        PlotStore restarted = store(SIXTEEN_PER_LEVEL, 1 << 20);
        Plot again = restarted.restore("p", plot.definitionJson(), PlotTestSupport.json(saved.toString()),
                PlotTestSupport.json(history.toString()));
        assertThat(again.history(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 20_000).toString()).isEqualTo(before);
        assertThat(restarted.historyBytes()).isEqualTo(store.historyBytes());

        PlotStore off = store(0, 0);
        Plot without = off.restore("p", plot.definitionJson(), saved, history);
        assertThat(without.historyOf(0)).as("history off: the saved history is ignored").isNull();
        assertThat(without.history(0, 5000, 100).get(0).x()).hasSize(10);
    }
}
