package io.plotstream.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotChangeListener;
import io.plotstream.server.plot.PlotDelta;
import io.plotstream.server.plot.PlotReader;
import io.plotstream.server.plot.PlotSnapshot;
import io.plotstream.server.plot.PlotSummary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small plot model for tests of the viewer side: scatter traces whose points can be appended,
 * each keeping its maxpoints window, honouring the {@link PlotReader} contract (counts of points
 * ever appended, structureVersion bumped by anything that is not an append).
 */
public final class InMemoryPlots implements PlotReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Plot> plots = new ConcurrentHashMap<>();
    private final List<PlotChangeListener> listeners = new CopyOnWriteArrayList<>();

    /** Creates (or replaces) a plot with one scatter trace per name, each with the given window. */
    public void create(String id, String title, int maxPoints, String... traceNames) {
        Plot plot = new Plot(title);
        for (String name : traceNames) {
            plot.traces.add(new Trace(name, maxPoints));
        }
        Plot previous = plots.put(id, plot);
        if (previous != null) {
            plot.structureVersion = previous.structureVersion + 1;
        }
        changed(id);
    }

    public void append(String id, int trace, Object x, Object y) {
        append(id, trace, x, y, null);
    }

    /** Appends one point (with optional per-point hover text) to one trace. */
    public void append(String id, int trace, Object x, Object y, String text) {
        Plot plot = require(id);
        synchronized (plot) {
            Trace target = plot.traces.get(trace);
            target.points.addLast(new Point(x, y, text));
            target.appended++;
            while (target.points.size() > target.maxPoints) {
                target.points.removeFirst();
            }
            plot.lastUpdateMs = System.currentTimeMillis();
        }
        changed(id);
    }

    /** How the plot's traces are drawn ({@code lines+markers} unless set): a structure change, like a title. */
    public void setMode(String id, String mode) {
        Plot plot = require(id);
        synchronized (plot) {
            plot.mode = mode;
            plot.structureVersion++;
        }
        changed(id);
    }

    public void setTitle(String id, String title) {
        Plot plot = require(id);
        synchronized (plot) {
            plot.title = title;
            plot.structureVersion++;
        }
        changed(id);
    }

    public void delete(String id) {
        plots.remove(id);
        changed(id);
    }

    @Override
    public List<PlotSummary> plots() {
        List<PlotSummary> summaries = new ArrayList<>();
        plots.forEach((id, plot) -> {
            synchronized (plot) {
                long points = plot.traces.stream().mapToLong(t -> t.points.size()).sum();
                summaries.add(new PlotSummary(id, plot.title, plot.traces.size(), points, plot.lastUpdateMs));
            }
        });
        return summaries;
    }

    @Override
    public Optional<PlotSnapshot> snapshot(String plotId) {
        Plot plot = plots.get(plotId);
        if (plot == null) {
            return Optional.empty();
        }
        synchronized (plot) {
            ObjectNode figure = MAPPER.createObjectNode();
            ArrayNode data = figure.putArray("data");
            long[] counts = new long[plot.traces.size()];
            int[] maxPoints = new int[plot.traces.size()];
            for (int i = 0; i < plot.traces.size(); i++) {
                Trace trace = plot.traces.get(i);
                ObjectNode json = data.addObject();
                json.put("type", "scatter");
                json.put("mode", plot.mode);
                json.put("name", trace.name);
                ArrayNode xs = json.putArray("x");
                ArrayNode ys = json.putArray("y");
                ArrayNode texts = json.putArray("text");
                for (Point point : trace.points) {
                    xs.add(value(point.x));
                    ys.add(value(point.y));
                    texts.add(point.text);
                }
                counts[i] = trace.appended;
                maxPoints[i] = trace.maxPoints;
            }
            figure.putObject("layout").putObject("title").put("text", plot.title);
            return Optional.of(new PlotSnapshot(plotId, figure, plot.structureVersion, counts, maxPoints,
                    plot.lastUpdateMs));
        }
    }

    @Override
    public Optional<PlotDelta> deltaSince(String plotId, long structureVersion, long[] traceCounts) {
        Plot plot = plots.get(plotId);
        if (plot == null) {
            return Optional.empty();
        }
        synchronized (plot) {
            if (structureVersion != plot.structureVersion || traceCounts.length != plot.traces.size()) {
                return Optional.empty();
            }
            ObjectNode update = MAPPER.createObjectNode();
            ArrayNode xs = update.putArray("x");
            ArrayNode ys = update.putArray("y");
            ArrayNode texts = update.putArray("text");
            List<Integer> indices = new ArrayList<>();
            List<Integer> maxPoints = new ArrayList<>();
            long[] newCounts = new long[plot.traces.size()];
            for (int i = 0; i < plot.traces.size(); i++) {
                Trace trace = plot.traces.get(i);
                newCounts[i] = trace.appended;
                long missing = trace.appended - traceCounts[i];
                if (missing <= 0) {
                    continue;
                }
                if (missing > trace.points.size()) {
                    return Optional.empty(); // the window moved past what the viewer has: snapshot
                }
                ArrayNode tx = xs.addArray();
                ArrayNode ty = ys.addArray();
                ArrayNode tt = texts.addArray();
                trace.points.stream().skip(trace.points.size() - missing).forEach(point -> {
                    tx.add(value(point.x));
                    ty.add(value(point.y));
                    tt.add(point.text);
                });
                indices.add(i);
                maxPoints.add(trace.maxPoints);
            }
            return Optional.of(new PlotDelta(update, indices.stream().mapToInt(Integer::intValue).toArray(),
                    maxPoints.stream().mapToInt(Integer::intValue).toArray(), newCounts));
        }
    }

    @Override
    public void addListener(PlotChangeListener listener) {
        listeners.add(listener);
    }

    private void changed(String id) {
        for (PlotChangeListener listener : listeners) {
            listener.plotChanged(id);
        }
    }

    /** A point's value as the JSON node the real model holds (numbers as numbers, so they read as such). */
    private static com.fasterxml.jackson.databind.JsonNode value(Object value) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory nodes = MAPPER.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof Integer i) {
            return nodes.numberNode(i);
        } else if (value instanceof Long l) {
            return nodes.numberNode(l);
        } else if (value instanceof Double d) {
            return nodes.numberNode(d);
        } else if (value instanceof String text) {
            return nodes.textNode(text);
        }
        return nodes.pojoNode(value);
    }

    private Plot require(String id) {
        Plot plot = plots.get(id);
        if (plot == null) {
            throw new IllegalArgumentException("no plot " + id);
        }
        return plot;
    }

    private static final class Plot {
        final List<Trace> traces = new ArrayList<>();
        String title;
        String mode = "lines+markers";
        long structureVersion;
        long lastUpdateMs;

        Plot(String title) {
            this.title = title;
        }
    }

    private static final class Trace {
        final String name;
        final int maxPoints;
        final ArrayDeque<Point> points = new ArrayDeque<>();
        long appended;

        Trace(String name, int maxPoints) {
            this.name = name;
            this.maxPoints = maxPoints;
        }
    }

    private record Point(Object x, Object y, String text) {
    }
}
