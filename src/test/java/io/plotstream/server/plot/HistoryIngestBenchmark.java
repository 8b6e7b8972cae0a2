package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One point applied to a full window ({@code maxpoints} 500), so every append also evicts a point:
 * into the history when it is on. Measures what the history (one x parse, one bucket update per
 * evicted point) and {@code maxage} (a stamp per point, a trim check per write) add to the apply
 * step of ingest, per point. x increases as a live stream's (numbers, or Plotly date strings 1 ms apart);
 * the x node is made per operation in every variant alike (as the parser makes it).
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="HistoryIngest -f1 -wi 2 -i 3 -w 1s -r 1s -prof gc"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class HistoryIngestBenchmark {

    @Param({"numbers", "dates"})
    public String x;

    @Param({"off", "on"})
    public String history;

    /** none: maxpoints only; 1h: also maxage (nothing gets that old here: the cost is the stamps and checks). */
    @Param({"none", "1h"})
    public String maxage;

    private PlotStore store;
    private List<TokenBinding> bindings;
    private StreamWrite write;
    private boolean dates;
    private long next;
    private long start;
    private final JsonNode y = JsonNodeFactory.instance.numberNode(4.56);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        HistoryLimits limits = "on".equals(history) ? HistoryLimits.DEFAULT : HistoryLimits.OFF;
        store = new PlotStore(new Figures(10_000, 100), 10, limits, Clock.systemUTC());
        String age = "none".equals(maxage) ? "" : ",\"maxage\":\"" + maxage + "\"";
        store.create("bench", new ObjectMapper().readTree(
                "{\"data\":[{\"stream\":{\"token\":\"benchtoken\",\"maxpoints\":500" + age + "}}]}"));
        store.addListener(plotId -> { });
        bindings = store.bindings("benchtoken");
        dates = "dates".equals(x);
        start = System.currentTimeMillis() - 1_800_000;
        write = new StreamWrite();
        write.column(PointColumn.Y, y);
        for (int i = 0; i < 1000; i++) {
            apply();
        }
    }

    @Benchmark
    public StreamWrite apply() {
        long n = next++;
        write.column(PointColumn.X, dates ? JsonNodeFactory.instance.textNode(PlotlyTime.formatDate(start + n))
                : JsonNodeFactory.instance.numberNode(1_700_000_000L + n));
        store.write(bindings, write);
        return write;
    }
}
