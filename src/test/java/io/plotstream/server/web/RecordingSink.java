package io.plotstream.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A viewer connection for tests: records frames; when stalled it holds their completions back,
 * as a socket whose browser stopped reading would.
 */
final class RecordingSink implements FrameSink {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<EncodedFrame> frames = new ArrayList<>();
    private final List<Consumer<Throwable>> pending = new ArrayList<>();
    private boolean stalled;
    private String closedWith;

    @Override
    public synchronized void send(EncodedFrame frame, Consumer<Throwable> whenDone) {
        frames.add(frame);
        if (stalled) {
            pending.add(whenDone);
        } else {
            whenDone.accept(null);
        }
    }

    @Override
    public synchronized void close(String reason) {
        closedWith = reason;
    }

    synchronized void stall() {
        stalled = true;
    }

    /** The browser reads again: every held frame completes. */
    synchronized void drain() {
        stalled = false;
        pending.forEach(done -> done.accept(null));
        pending.clear();
    }

    synchronized void failPending() {
        pending.forEach(done -> done.accept(new java.io.IOException("connection reset")));
        pending.clear();
    }

    synchronized List<JsonNode> frames() {
        List<JsonNode> parsed = new ArrayList<>();
        for (EncodedFrame frame : frames) {
            try {
                parsed.add(MAPPER.readTree(frame.text()));
            } catch (Exception e) {
                throw new AssertionError("frame is not JSON: " + frame, e);
            }
        }
        return parsed;
    }

    /** The frames as handed over (the same instance when the fan-out shared one encoding). */
    synchronized List<EncodedFrame> encoded() {
        return new ArrayList<>(frames);
    }

    /** Frames of one plot (every frame names its plot). */
    synchronized List<JsonNode> framesOf(String plotId) {
        return frames().stream().filter(f -> plotId.equals(f.path("plot").asText())).toList();
    }

    synchronized JsonNode last() {
        List<JsonNode> all = frames();
        return all.get(all.size() - 1);
    }

    synchronized List<String> types() {
        return frames().stream().map(f -> f.get("type").asText()).toList();
    }

    synchronized String closedWith() {
        return closedWith;
    }
}
