package io.plotstream.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A connection to the stream server: TCP, then TLS for https (SNI and hostname verification). The
 * raw socket is kept beside the TLS one: closing the raw socket never waits on a blocked writer's
 * lock, and its input tells whether the server sent anything yet.
 */
final class DialedSocket {
    final Socket raw;
    final Socket socket;
    /** The Host header's value. */
    final String hostHeader;

    private DialedSocket(Socket raw, Socket socket, String hostHeader) {
        this.raw = raw;
        this.socket = socket;
        this.hostHeader = hostHeader;
    }

    /** Connects within {@code connectMillis} (TCP, and again for the TLS handshake). */
    static DialedSocket dial(StreamSettings settings, SSLContext ssl, int connectMillis) throws IOException {
        String host = settings.serverUri().getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = settings.port();
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true); // small writes must leave now: they are the point of a live plot
            raw.setKeepAlive(true);
            raw.connect(new InetSocketAddress(bareHost, port), connectMillis);
            Socket socket = raw;
            if (settings.isHttps()) {
                SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(raw, bareHost, port, true);
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isIpLiteral(bareHost)) {
                    params.setServerNames(List.of(new SNIHostName(bareHost)));
                }
                tls.setSSLParameters(params);
                tls.setSoTimeout(connectMillis);
                tls.startHandshake();
                socket = tls;
            }
            return new DialedSocket(raw, socket, host + ":" + port);
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** A timeout for socket calls: whole milliseconds, at least 1 (0 would mean none). */
    static int millis(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
