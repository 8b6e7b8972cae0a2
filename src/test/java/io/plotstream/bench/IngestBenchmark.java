package io.plotstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.ingest.LineSplitter;
import io.plotstream.server.ingest.WriteParser;
import io.plotstream.server.plot.Figures;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.StreamWrite;
import io.plotstream.server.plot.TokenBinding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ingest on one core without sockets: a de-chunked body is split into lines, each line parsed
 * and applied to its trace's window (the path every stream byte takes after Jetty). The score is
 * lines per second. Target: at least 1,000,000.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="Ingest -f1 -wi 2 -i 3 -w 2s -r 2s"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class IngestBenchmark {

    private static final int LINES = 10_000;
    /** The body arrives in buffers of this size, as Jetty hands chunks over; lines straddle them. */
    private static final int BUFFER_BYTES = 4096;

    /** xy: {"x": 123, "y": 4.56}; styled: with per-point text and marker color, as the Python fixture sends. */
    @Param({"xy", "styled"})
    public String line;

    private byte[] body;
    private LineSplitter splitter;
    private WriteParser parser;
    private PlotStore store;
    private List<TokenBinding> bindings;
    private LineSplitter.LineHandler apply;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            if ("xy".equals(line)) {
                text.append("{\"x\": ").append(1_700_000_000 + i).append(", \"y\": ").append(i * 0.37).append("}\n");
            } else {
                text.append("{\"x\": \"2026-11-27 21:00:").append(String.format("%02d", i % 60)).append(".123456\", \"y\": ")
                        .append(i * 0.37).append(", \"text\": \"point ").append(i).append("\", \"marker\": {\"color\": \"red\"}}\n");
            }
        }
        body = text.toString().getBytes(StandardCharsets.UTF_8);
        store = new PlotStore(new Figures(10_000, 100), 10);
        store.create("bench", new ObjectMapper().readTree("{\"data\":[{\"stream\":{\"token\":\"benchtoken\",\"maxpoints\":500}}]}"));
        store.addListener(plotId -> { }); // a viewer side is always registered in the server
        bindings = store.bindings("benchtoken");
        parser = new WriteParser(32, 65536);
        splitter = new LineSplitter(65536);
        apply = (bytes, offset, length) -> {
            StreamWrite write = parser.parse(bytes, offset, length);
            if (write != null) {
                store.write(bindings, write);
            }
        };
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long splitParseApply() {
        for (int offset = 0; offset < body.length; offset += BUFFER_BYTES) {
            splitter.feed(ByteBuffer.wrap(body, offset, Math.min(BUFFER_BYTES, body.length - offset)), apply);
        }
        return store.snapshot("bench").orElseThrow().traceCounts()[0];
    }
}
