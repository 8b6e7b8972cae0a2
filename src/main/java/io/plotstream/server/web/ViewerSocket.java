package io.plotstream.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One browser's WebSocket: {@code /ws/plots/{id}} (one plot) or {@code /ws/live?plots=a,b}
 * (several, multiplexed: every frame names its plot). Outgoing frames are queued on Jetty's
 * session (asynchronous, bounded per socket by the fan-out). What a browser may send, each as one
 * unfragmented text frame of at most {@link #MAX_INCOMING_MESSAGE} bytes (anything larger or
 * fragmented closes the socket with 1009, so nothing from a browser is ever aggregated):
 * {@code ping} (keep-alive, ignored), {@code resync} (a snapshot of every plot of the socket),
 * {@code {"resync":"<plotId>"}} (of that plot) and {@code {"view":"<plotId>","width":N}} (that
 * plot's panel is N px wide, 1..8192: store it and answer with a snapshot reduced to it).
 * Anything else is ignored.
 */
final class ViewerSocket implements FrameHandler, FrameSink {

    static final String RESYNC = "resync";
    static final String VIEW = "view";
    /** RFC 6455 "Try Again Later": the browser backs off and reconnects. */
    static final int TRY_AGAIN_LATER = 1013;
    /**
     * Browser messages are "ping", "resync", {"resync":"<id>"} or {"view":"<id>","width":N}: 1 KiB is plenty. Checked here per
     * frame: Jetty enforces its message-size settings only for aggregating handlers, and lowering
     * its frame size would also fragment our outgoing frames.
     */
    static final int MAX_INCOMING_MESSAGE = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> plotIds;
    private final boolean multiplexed;
    private final FanOut fanOut;
    /** The socket URL's {@code width}, for every subscription until a view message changes one. */
    private final int width;
    private volatile CoreSession session;
    private volatile Viewer viewer;
    private volatile boolean ended;

    ViewerSocket(List<String> plotIds, boolean multiplexed, FanOut fanOut) {
        this(plotIds, multiplexed, fanOut, PanelWidth.NONE);
    }

    ViewerSocket(List<String> plotIds, boolean multiplexed, FanOut fanOut, int width) {
        this.plotIds = List.copyOf(plotIds);
        this.multiplexed = multiplexed;
        this.fanOut = fanOut;
        this.width = width;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        callback.succeeded(); // the session must be open before the fan-out may send on it
        Optional<Viewer> registered = fanOut.open(plotIds, multiplexed, this, width);
        if (registered.isEmpty()) {
            coreSession.close(TRY_AGAIN_LATER, "viewer limit reached", Callback.NOOP);
            return;
        }
        viewer = registered.get();
        if (ended) {
            fanOut.closed(viewer); // the connection ended while we registered
            return;
        }
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        Viewer current = viewer;
        if (frame.isDataFrame() && (!frame.isFin() || frame.getPayloadLength() > MAX_INCOMING_MESSAGE
                || frame.getOpCode() == OpCode.CONTINUATION)) {
            callback.succeeded();
            session.close(CloseStatus.MESSAGE_TOO_LARGE, "messages are at most " + MAX_INCOMING_MESSAGE
                    + " bytes, unfragmented", Callback.NOOP);
            return;
        }
        if (frame.getOpCode() == OpCode.TEXT && current != null) {
            received(current, frame.getPayloadAsUTF8());
        }
        callback.succeeded();
        if (frame.getOpCode() != OpCode.CLOSE) {
            session.demand();
        }
    }

    private void received(Viewer current, String message) {
        if (RESYNC.equals(message)) {
            fanOut.snapshotRequested(current);
        } else if (message.startsWith("{")) {
            JsonNode node = object(message);
            String plotId = resyncTarget(node);
            if (plotId != null) {
                fanOut.snapshotRequested(current, plotId);
            }
            View view = viewTarget(node);
            if (view != null) {
                fanOut.viewRequested(current, view.plotId(), view.width());
            }
        }
        // "ping" and anything unknown: nothing to do (the frame itself kept the connection alive).
    }

    /** The plot of {@code {"resync":"id"}}, or null for anything else. */
    static String resyncTarget(String message) {
        return resyncTarget(object(message));
    }

    private static String resyncTarget(JsonNode node) {
        JsonNode target = node == null ? null : node.get(RESYNC);
        return target != null && target.isTextual() ? target.asText() : null;
    }

    /** A panel's width for one plot, from {@code {"view":"<plotId>","width":N}}. */
    record View(String plotId, int width) {
    }

    /**
     * The plot and width of {@code {"view":"id","width":N}}, or null for anything else: the width
     * must be a JSON integer 1..8192 ({@code 400.0}, {@code "400"}, 0 or 9000 are ignored).
     */
    static View viewTarget(String message) {
        return viewTarget(object(message));
    }

    private static View viewTarget(JsonNode node) {
        JsonNode plot = node == null ? null : node.get(VIEW);
        JsonNode width = node == null ? null : node.get("width");
        if (plot == null || !plot.isTextual() || width == null || !width.isIntegralNumber()
                || !width.canConvertToLong() || !PanelWidth.valid(width.longValue())) {
            return null;
        }
        return new View(plot.asText(), width.intValue());
    }

    /** The message as a JSON object, or null when it is not one (the message is then ignored). */
    private static JsonNode object(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            return node != null && node.isObject() ? node : null;
        } catch (Exception malformed) {
            return null;
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        callback.succeeded(); // onClosed follows and forgets the viewer
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        ended = true;
        Viewer current = viewer;
        if (current != null) {
            fanOut.closed(current);
        }
        callback.succeeded();
    }

    @Override
    public void send(EncodedFrame frame, Consumer<Throwable> whenDone) {
        // A fresh read-only view per send of the shared bytes: Jetty owns it until the callback.
        Frame text = new Frame(OpCode.TEXT).setPayload(frame.payload());
        session.sendFrame(text, Callback.from(() -> whenDone.accept(null), whenDone::accept), false);
    }

    @Override
    public void close(String reason) {
        CoreSession open = session;
        if (open != null) {
            open.close(CloseStatus.NORMAL, reason, Callback.NOOP);
        }
    }
}
