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
 *
 * <p>On a loaded shared machine JMH's variants run one after the other and the load changes between
 * them; {@link #main} runs the four numeric variants interleaved in batches of 100,000 points (60
 * rounds, the last 40 counted) so they share the same load, and prints min/median ns and bytes per point:
 * {@code mvn -B -o -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.plotstream.server.plot.HistoryIngestBenchmark}
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

    public static void main(String[] args) throws Exception {
        String[] variants = {"off/none", "on/none", "off/1h", "on/1h"};
        PlotStore[] stores = new PlotStore[variants.length];
        List<List<TokenBinding>> bindings = new java.util.ArrayList<>();
        for (int v = 0; v < variants.length; v++) {
            boolean on = variants[v].startsWith("on");
            String age = variants[v].endsWith("1h") ? ",\"maxage\":\"1h\"" : "";
            stores[v] = new PlotStore(new Figures(10_000, 100), 10, on ? HistoryLimits.DEFAULT : HistoryLimits.OFF, Clock.systemUTC());
            stores[v].create("b", new ObjectMapper().readTree("{\"data\":[{\"stream\":{\"token\":\"t\",\"maxpoints\":500" + age + "}}]}"));
            bindings.add(stores[v].bindings("t"));
        }
        StreamWrite w = new StreamWrite();
        w.column(PointColumn.Y, JsonNodeFactory.instance.numberNode(4.5));
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] n = new long[variants.length];
        int rounds = 60;
        int batch = 100_000;
        double[][] ns = new double[variants.length][rounds];
        double[][] bytes = new double[variants.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < variants.length; v++) {
                long a0 = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
                long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++, n[v]++) {
                    w.column(PointColumn.X, JsonNodeFactory.instance.numberNode(1_700_000_000L + n[v]));
                    stores[v].write(bindings.get(v), w);
                }
                ns[v][r] = (System.nanoTime() - t0) / (double) batch;
                bytes[v][r] = (bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0) / (double) batch;
            }
        }
        for (int v = 0; v < variants.length; v++) {
            double[] t = java.util.Arrays.copyOfRange(ns[v], 20, rounds);
            double[] a = java.util.Arrays.copyOfRange(bytes[v], 20, rounds);
            java.util.Arrays.sort(t);
            System.out.printf("history/maxage %-9s min %6.1f ns/point, median %6.1f ns/point, %.2f B/point%n",
                    variants[v], t[0], t[t.length / 2], java.util.Arrays.stream(a).average().orElse(0));
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
