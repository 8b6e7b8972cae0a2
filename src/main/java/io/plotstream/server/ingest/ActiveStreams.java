package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The streams open right now, by token, with the limits that give 423 (per token) and 503 (in
 * total). Several writers per token are allowed up to the limit: a Connect cluster may run several
 * tasks feeding one token, and their points interleave in arrival order. The older stream is
 * never kicked off (Plotly's documented behaviour made two reconnecting clients take turns
 * kicking each other off).
 */
public final class ActiveStreams {

    private final int maxPerToken;
    private final int maxTotal;
    private final Map<String, Set<StreamSession>> byToken = new HashMap<>();
    /** Multiplexed streams name their tokens per line: they count toward the total only. */
    private final Set<StreamSession> multiplexed = new LinkedHashSet<>();
    private int total;
    private boolean closed;

    public ActiveStreams(int maxPerToken, int maxTotal) {
        this.maxPerToken = maxPerToken;
        this.maxTotal = maxTotal;
    }

    /** @return empty when registered, else the status to end the stream with (503 or 423) */
    synchronized Optional<StreamStatus> register(StreamSession session) {
        if (closed) {
            return Optional.of(StreamStatus.UNAVAILABLE);
        }
        if (total >= maxTotal) {
            return Optional.of(StreamStatus.UNAVAILABLE);
        }
        if (session.token() == null) {
            multiplexed.add(session);
            total++;
            return Optional.empty();
        }
        Set<StreamSession> sessions = byToken.computeIfAbsent(session.token(), t -> new LinkedHashSet<>());
        if (sessions.size() >= maxPerToken) {
            if (sessions.isEmpty()) {
                byToken.remove(session.token());
            }
            return Optional.of(StreamStatus.TOKEN_LIMIT);
        }
        sessions.add(session);
        total++;
        return Optional.empty();
    }

    synchronized void unregister(StreamSession session) {
        if (session.token() == null) {
            if (multiplexed.remove(session)) {
                total--;
            }
            return;
        }
        Set<StreamSession> sessions = byToken.get(session.token());
        if (sessions != null && sessions.remove(session)) {
            total--;
            if (sessions.isEmpty()) {
                byToken.remove(session.token());
            }
        }
    }

    public synchronized int total() {
        return total;
    }

    /** Open streams per token (tokens in clear: mask before showing). */
    public synchronized Map<String, Integer> perToken() {
        Map<String, Integer> out = new HashMap<>();
        byToken.forEach((token, sessions) -> out.put(token, sessions.size()));
        return out;
    }

    /**
     * Refuses new streams and ends every open one with {@code status} (clients reconnect after a 503).
     *
     * @return the sessions ended, whose responses may still be in flight
     */
    public List<StreamSession> closeAll(StreamStatus status, String text) {
        List<StreamSession> sessions = new ArrayList<>();
        synchronized (this) {
            closed = true;
            byToken.values().forEach(sessions::addAll);
            sessions.addAll(multiplexed);
        }
        for (StreamSession session : sessions) {
            session.end(status, text);
        }
        return sessions;
    }
}
