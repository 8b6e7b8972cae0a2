package io.plotstream.server.web;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One browser's WebSocket on {@code /ws/plots/{id}}. Outgoing frames are queued on Jetty's
 * session (asynchronous, bounded by the fan-out's per-viewer count); the only message a browser
 * sends that means something is {@code "resync"} (it could not apply an update and wants a snapshot).
 */
final class ViewerSocket implements FrameHandler, FrameSink {

    static final String RESYNC = "resync";
    /** RFC 6455 "Try Again Later": the browser backs off and reconnects. */
    static final int TRY_AGAIN_LATER = 1013;

    private final String plotId;
    private final FanOut fanOut;
    private volatile CoreSession session;
    private volatile Viewer viewer;

    ViewerSocket(String plotId, FanOut fanOut) {
        this.plotId = plotId;
        this.fanOut = fanOut;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        callback.succeeded(); // the session must be open before the fan-out may send on it
        Optional<Viewer> registered = fanOut.open(plotId, this);
        if (registered.isEmpty()) {
            coreSession.close(TRY_AGAIN_LATER, "viewer limit reached", Callback.NOOP);
            return;
        }
        viewer = registered.get();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        Viewer current = viewer;
        if (frame.getOpCode() == OpCode.TEXT && current != null && RESYNC.equals(frame.getPayloadAsUTF8())) {
            fanOut.snapshotRequested(current);
        }
        callback.succeeded();
        if (frame.getOpCode() != OpCode.CLOSE) {
            session.demand();
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        callback.succeeded(); // onClosed follows and forgets the viewer
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        Viewer current = viewer;
        if (current != null) {
            fanOut.closed(current);
        }
        callback.succeeded();
    }

    @Override
    public void send(String frame, Consumer<Throwable> whenDone) {
        session.sendFrame(new Frame(OpCode.TEXT, frame),
                Callback.from(() -> whenDone.accept(null), whenDone::accept), false);
    }

    @Override
    public void close(String reason) {
        CoreSession open = session;
        if (open != null) {
            open.close(CloseStatus.NORMAL, reason, Callback.NOOP);
        }
    }
}
