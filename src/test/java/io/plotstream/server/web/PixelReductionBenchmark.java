package io.plotstream.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotSnapshot;
import io.plotstream.server.plot.PlotlyTime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What a reduced snapshot costs the fan-out tick thread: {@link PixelReduction#reduce} of one
 * 10,000-point trace to 416 columns (a 400-px panel's bucket), and the whole round a tick does for
 * one plot and width (reduce + encode), beside encoding the whole snapshot as before. In this
 * package (not {@code io.plotstream.bench}) because the fan-out's classes are package-private.
 * Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="PixelReduction -f1 -wi 3 -i 5 -w 2s -r 2s -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PixelReductionBenchmark {

    private static final int POINTS = 10_000;
    private static final int WIDTH = PanelWidth.bucket(400);

    /** x as numbers (0..9999) or as Plotly date strings 100 ms apart; y a random walk with two decimals. */
    @Param({"numbers", "dates"})
    public String x;

    private PlotSnapshot snapshot;
    private Frames frames;

    @Setup
    public void setUp() {
        ObjectMapper mapper = new ObjectMapper();
        frames = new Frames(mapper);
        ObjectNode figure = mapper.createObjectNode();
        ObjectNode trace = figure.putArray("data").addObject();
        trace.put("type", "scatter");
        ArrayNode xs = trace.putArray("x");
        ArrayNode ys = trace.putArray("y");
        Random random = new Random(16);
        long t0 = PlotlyTime.parseDate("2026-12-06 12:00:00");
        double level = 20;
        for (int i = 0; i < POINTS; i++) {
            if (x.equals("dates")) {
                xs.add(PlotlyTime.formatDate(t0 + i * 100L));
            } else {
                xs.add(i);
            }
            level += random.nextGaussian() * 0.2;
            ys.add(Math.round(level * 100) / 100.0);
        }
        figure.putObject("layout");
        snapshot = new PlotSnapshot("p", figure, 1, new long[] {POINTS}, new int[] {POINTS}, 0);
    }

    @Benchmark
    public PixelReduction.Result reduce() {
        return PixelReduction.reduce(snapshot, WIDTH);
    }

    @Benchmark
    public EncodedFrame reduceAndEncode() {
        return frames.snapshot(snapshot, 0, PixelReduction.reduce(snapshot, WIDTH));
    }

    @Benchmark
    public EncodedFrame encodeWhole() {
        return frames.snapshot(snapshot, 0);
    }
}
