package io.plotstream.stream;

import io.plotstream.protocol.AckChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * Asks the server, on a short connection of its own beside a new stream, whether it acknowledges:
 * {@code OPTIONS /} with the extension's request header and no body (no token: the answer does not
 * depend on one). A server of the extension answers {@code 204} with {@link AckChannel#RESPONSE_HEADER};
 * any other complete answer below 500 comes from a server that does not know the extension.
 *
 * <p>Why: on the stream itself a plain Plotly-protocol server says nothing while the stream is
 * healthy, so silence was the only sign, and a connection confirmed nothing until the handshake
 * window (2 s) had passed in silence. A fast stream fills its buffer long before that and stalls.
 * The probe's explicit "no" decides within one round trip instead. It only ever moves a connection
 * to the ack delay rule, which is the rule such a server gets anyway; a server that does acknowledge
 * still proves it on the stream (its {@code 200}), and a later agreement there still upgrades the
 * connection. A probe that fails, times out or meets a 5xx (a proxy's error, not the server's word)
 * says nothing, and the window decides as before.
 *
 * <p>Runs on a daemon thread of its own, bounded by the handshake window; the writer reads the
 * published verdict ({@link #saysPlain()}) and is woken when it is known.
 */
final class AckProbe {
    enum Verdict { PENDING, ACKNOWLEDGES, PLAIN, UNKNOWN }

    /** For connections that ask nothing (acknowledgements off). */
    static final AckProbe NONE = new AckProbe(Verdict.UNKNOWN);

    private volatile Verdict verdict;

    private AckProbe(Verdict verdict) {
        this.verdict = verdict;
    }

    /** True when the server said, in so many words, that it does not acknowledge. */
    boolean saysPlain() {
        return verdict == Verdict.PLAIN;
    }

    /** Starts a probe; {@code wake} runs once its verdict is known. */
    static AckProbe start(StreamSettings settings, SSLContext ssl, String threadName, Runnable wake) {
        AckProbe probe = new AckProbe(Verdict.PENDING);
        Thread thread = new Thread(() -> {
            probe.verdict = ask(settings, ssl);
            wake.run();
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return probe;
    }

    /** The server's answer, within the handshake window (connect included). */
    static Verdict ask(StreamSettings settings, SSLContext ssl) {
        long budgetNanos = settings.ackHandshake().toNanos();
        int budgetMillis = DialedSocket.millis(settings.ackHandshake());
        long started = System.nanoTime();
        DialedSocket dialed;
        try {
            dialed = DialedSocket.dial(settings, ssl, Math.min(budgetMillis, DialedSocket.millis(settings.connectTimeout())));
        } catch (IOException | RuntimeException e) {
            return Verdict.UNKNOWN;
        }
        try {
            String request = "OPTIONS / HTTP/1.1\r\n"
                    + "Host: " + dialed.hostHeader + "\r\n"
                    + "User-Agent: " + ClientVersion.USER_AGENT + "\r\n"
                    + AckChannel.REQUEST_HEADER + ": " + AckChannel.VERSION + "\r\n"
                    + "Content-Length: 0\r\n"
                    + "Connection: close\r\n"
                    + "\r\n";
            OutputStream out = dialed.socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long left = budgetNanos - (System.nanoTime() - started);
            if (left <= 0) {
                return Verdict.UNKNOWN;
            }
            dialed.socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            InputStream in = dialed.socket.getInputStream();
            int first = in.read();
            if (first < 0) {
                return Verdict.UNKNOWN;
            }
            ResponseReader.Head head = new ResponseReader(in, left).readHead(first);
            return verdictOf(head);
        } catch (IOException | RuntimeException e) {
            return Verdict.UNKNOWN;
        } finally {
            DialedSocket.closeQuietly(dialed.raw);
        }
    }

    static Verdict verdictOf(ResponseReader.Head head) {
        if (head.failure != null || !head.complete || head.status < 200) {
            return Verdict.UNKNOWN;
        }
        if (AckChannel.VERSION.equals(head.ack)) {
            return Verdict.ACKNOWLEDGES;
        }
        return head.status < 500 ? Verdict.PLAIN : Verdict.UNKNOWN;
    }
}
