package io.plotstream.integration.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds on open connections ({@code --max-connections}) and on the time to finish request
 * headers ({@code --header-timeout}), with real sockets against a real server on loopback; and that
 * neither touches long streaming uploads, kept-alive connections or viewer WebSockets.
 */
class ServerLimitsIT {

    @TempDir
    Path dataDir;
    RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void beyondMaxConnectionsTheServerStopsAcceptingUntilOneCloses() throws Exception {
        server = new RunningServer(dataDir, b -> b.maxConnections(100).headerTimeout(Duration.ofSeconds(60)));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1500; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(address);
                idle.add(channel);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.server.openConnections() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000); // time for more to be accepted, were there no limit
            int open = server.server.openConnections();
            assertThat(open).as("connections the server holds").isEqualTo(100);
            int clientSide = 0;
            for (SocketChannel channel : idle) {
                try {
                    if (channel.finishConnect()) {
                        clientSide++;
                    }
                } catch (IOException refusedOrReset) {
                    // not connected: fine
                }
            }
            assertThat(clientSide).as("connected as the client sees it (the kernel's backlog included)").isLessThan(1500);

            // a newcomer gets no answer while the server is full...
            try (Socket late = new Socket()) {
                late.connect(address, 2000);
                late.setSoTimeout(1000);
                late.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readsSomething(late.getInputStream())).as("served while full").isFalse();
            } catch (SocketTimeoutException connectTimedOut) {
                // or cannot even connect: equally unserved
            }
        } finally {
            for (SocketChannel channel : idle) {
                channel.close();
            }
        }
        // ...and is served once the held connections are gone
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status = -1;
        while (status != 200 && System.nanoTime() < deadline) {
            try {
                status = server.send("GET", "/healthz", null).statusCode();
            } catch (RuntimeException stillDraining) {
                Thread.sleep(200);
            }
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void aClientTricklingHeadersIsClosedAtTheHeaderTimeout() throws Exception {
        server = new RunningServer(dataDir, b -> b.headerTimeout(Duration.ofSeconds(1)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread trickler = new Thread(() -> {
                try {
                    while (writing.get()) {
                        out.write('a'); // one header byte every 0.3 s: Jetty's idle timeout never fires
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server hung up: what we wait for
                }
            }, "trickler");
            trickler.start();
            socket.setSoTimeout(15_000);
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            writing.set(false);
            trickler.join(2000);
            assertThat(read).as("the server closed without answering").isEqualTo(-1);
            assertThat(elapsedMs).as("closed within the 1 s header timeout plus one sweep").isBetween(900L, 2500L);
        }
        assertThat(server.server.headerTimeouts()).isEqualTo(1);
    }

    @Test
    void aTlsClientTricklingHeadersIsClosedToo() throws Exception {
        Path keystore = dataDir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "plot", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        server = new RunningServer(dataDir.resolve("data"), b -> b.headerTimeout(Duration.ofSeconds(3))
                .tls(keystore, "changeit", "PKCS12"));
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[]{new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, new java.security.SecureRandom());
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            long start = System.nanoTime(); // the handshake counts: a slow handshake is a slow header too
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(300);
            boolean closed = false;
            while (!closed && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000) {
                try {
                    out.write('X'); // "X...": a header name that never ends
                    out.flush();
                    closed = socket.getInputStream().read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // 0.3 s passed: next byte
                } catch (IOException gone) {
                    closed = true;
                }
            }
            assertThat(closed).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(2700L, 5500L);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderTimeoutToo() throws Exception {
        server = new RunningServer(dataDir, b -> b.headerTimeout(Duration.ofSeconds(1)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            long start = System.nanoTime();
            socket.setSoTimeout(15_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 2500L);
        }
    }

    @Test
    void aStreamingUploadOutlivesTheHeaderTimeoutManyTimes() throws Exception {
        server = new RunningServer(dataDir, b -> b.headerTimeout(Duration.ofMillis(500)));
        String id = server.createPlot("{\"id\":\"long\",\"data\":[{\"stream\":{\"token\":\"longstream1\",\"maxpoints\":100}}]}");
        try (RawStream stream = server.openStream()) {
            stream.begin("longstream1");
            for (int i = 0; i < 12; i++) { // 3.6 s: over seven header timeouts
                stream.line("{\"x\":" + i + ",\"y\":" + i + "}");
                Thread.sleep(300);
            }
            assertThat(stream.finish().reply(5000).status()).isEqualTo(200);
        }
        assertThat(server.trace(id, 0).path("x")).hasSize(12);
        assertThat(server.server.headerTimeouts()).isZero();
    }

    @Test
    void aKeptAliveConnectionWaitsBetweenRequestsUnderTheIdleTimeoutNotTheHeaderTimeout() throws Exception {
        server = new RunningServer(dataDir, b -> b.headerTimeout(Duration.ofMillis(500)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
                Thread.sleep(1500); // three header timeouts between the requests
            }
        }
    }

    @Test
    void aViewerWebSocketOutlivesTheHeaderTimeout() throws Exception {
        server = new RunningServer(dataDir, b -> b.headerTimeout(Duration.ofMillis(500)));
        server.createPlot("{\"id\":\"watched\",\"data\":[{\"stream\":{\"token\":\"watchtok01\",\"maxpoints\":100}}]}");
        List<String> frames = new CopyOnWriteArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/plots/watched"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.set(true);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            Thread.sleep(2000); // four header timeouts
            assertThat(closed).isFalse();
            try (RawStream stream = server.openStream()) {
                stream.begin("watchtok01").line("{\"x\":1,\"y\":2}");
                assertThat(stream.finish().reply(5000).status()).isEqualTo(200);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (frames.stream().noneMatch(f -> f.contains("\"x\":[1]") || f.contains("[1]")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(frames).anyMatch(f -> f.contains("[1]"));
            assertThat(closed).isFalse();
        } finally {
            socket.abort();
        }
    }

    @Test
    void theHistoryCapsReachThePlotStore() {
        server = new RunningServer(dataDir, b -> b.historyBytesPerTrace(64 * 1024).historyBytesTotal(1024 * 1024));
        assertThat(server.server.store().historyLimits())
                .isEqualTo(new io.plotstream.server.plot.HistoryLimits(64 * 1024, 1024 * 1024));
    }

    private static boolean readsSomething(InputStream in) throws IOException {
        try {
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return false;
        }
    }

    /** One response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        String text = head.toString();
        int at = text.toLowerCase().indexOf("content-length:");
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
        return text;
    }
}
