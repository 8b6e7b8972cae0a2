package io.plotstream.server.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of one read chunk of one stream, grouped by plot: {@link PlotStore#write(WriteBatch)}
 * makes one log record per plot of them (not one per line) and applies them under that plot's lock.
 * Line bytes are copied in as they are added (the read buffer is reused). Single-threaded: owned by
 * the stream reading it.
 */
public final class WriteBatch {

    private final Map<Plot, PlotWrites> byPlot = new LinkedHashMap<>(4);
    private Plot lastPlot;
    private PlotWrites lastWrites;

    /** Adds one parsed line for every plot its token feeds; {@code line[offset, offset+length)} is the line as received. */
    public void add(List<TokenBinding> bindings, StreamWrite write, byte[] line, int offset, int length) {
        for (int i = 0; i < bindings.size(); i++) {
            TokenBinding binding = bindings.get(i);
            Plot plot = binding.plot();
            PlotWrites writes;
            if (plot == lastPlot) {
                writes = lastWrites;
            } else {
                writes = byPlot.computeIfAbsent(plot, p -> new PlotWrites());
                lastPlot = plot;
                lastWrites = writes;
            }
            writes.record.add(binding.traceIndices(), line, offset, length);
            writes.traceIndices.add(binding.traceIndices());
            writes.writes.add(write);
        }
    }

    public boolean isEmpty() {
        return byPlot.isEmpty();
    }

    Map<Plot, PlotWrites> byPlot() {
        return byPlot;
    }

    /** One plot's share of the batch: its record being built and the decoded writes to apply. */
    static final class PlotWrites {
        final PlotOps.WritesBuilder record = new PlotOps.WritesBuilder();
        final List<int[]> traceIndices = new ArrayList<>(8);
        final List<StreamWrite> writes = new ArrayList<>(8);
    }
}
