package io.plotstream.server.log.redis;

import io.plotstream.server.log.TailListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tail listener that keeps everything it hears, in order; thread-safe (tests read it while the tail writes). */
class TailEvents implements TailListener {
    private final Map<String, List<String>> records = new LinkedHashMap<>();
    private final Map<String, List<Long>> positions = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void record(String plotId, long position, byte[] record) {
        records.computeIfAbsent(plotId, p -> new ArrayList<>()).add(new String(record, StandardCharsets.UTF_8));
        positions.computeIfAbsent(plotId, p -> new ArrayList<>()).add(position);
    }

    @Override
    public synchronized void gap(String plotId, long lastSeen, long next) {
        events.add("gap " + plotId + " " + lastSeen + " " + next);
    }

    @Override
    public synchronized void plotAnnounced(String plotId) {
        events.add("plot " + plotId);
    }

    @Override
    public synchronized void dashboardChanged(String dashboardId) {
        events.add("dashboard " + dashboardId);
    }

    @Override
    public synchronized void reachable(boolean up) {
        events.add(up ? "up" : "down");
    }

    synchronized List<String> of(String plotId) {
        return List.copyOf(records.getOrDefault(plotId, List.of()));
    }

    synchronized List<Long> positionsOf(String plotId) {
        return List.copyOf(positions.getOrDefault(plotId, List.of()));
    }

    synchronized int count(String plotId) {
        return records.getOrDefault(plotId, List.of()).size();
    }

    /** Gaps, announcements, dashboard changes and reachability, in the order heard. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized boolean heard(String event) {
        return events.contains(event);
    }
}
