package io.plotstream.stream;

import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.plotstream.point.Point;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https streams: the configured trust store, and hostname verification. Key material made by the JDK's keytool. */
class TlsStreamTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private RecordingStreamServer server;
    private TokenStream stream;

    @BeforeAll
    static void makeCertificate() throws Exception {
        // one key pair whose certificate names 127.0.0.1 only; the same store serves as the client's trust
        // store (the JDK trusts the certificate of a key entry), so one keytool run is enough
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", path("server.p12"),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (stream != null) {
            StreamTesting.closeAndWait(stream);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void streamsOverTlsTrustingTheConfiguredStore() throws Exception {
        server = RecordingStreamServer.startTls(serverContext());
        stream = TokenStream.start(fast(server.uri()).tls(trust()).writeTimeout(Duration.ofMillis(200)).build(), TOKEN);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> delivery.delivered.get() == 1);
        // the reader's read timeout ticks (every 50 ms here) must not disturb a TLS connection
        Thread.sleep(300);
        RecordingDelivery second = new RecordingDelivery();
        stream.offer(Point.of(2, 3), second, 1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.delivered.get() == 1);

        assertThat(server.acceptedLines(TOKEN)).containsExactly("{\"x\":1,\"y\":2}", "{\"x\":2,\"y\":3}");
        assertThat(server.connections()).hasSize(1);
        assertThat(server.connections().get(0).requestLine).isEqualTo("POST / HTTP/1.1");
    }

    @Test
    void refusesAServerWhoseCertificateNamesAnotherHostAndKeepsRetrying() throws Exception {
        server = RecordingStreamServer.startTls(serverContext());
        // same server, reached as "localhost": a name its certificate does not carry
        java.net.URI byName = java.net.URI.create("https://localhost:" + server.port());
        stream = TokenStream.start(fast(byName).tls(trust()).build(), TOKEN);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections().size() >= 2);
        assertThat(server.connections()).allMatch(c -> c.requestLine == null);
        assertThat(delivery.delivered.get()).isZero();
        assertThat(stream.failure()).isEmpty();
        assertThat(stream.stats().connected()).isFalse();
    }

    @Test
    void anUnreadableTrustStoreIsAClearErrorWithoutItsPassword() {
        TlsSettings missing = new TlsSettings(dir.resolve("missing.p12").toString(), "PKCS12", "s3cret", null, null, null);
        StreamSettings settings = fast(java.net.URI.create("https://127.0.0.1:1")).tls(missing).build();
        assertThatThrownBy(() -> TokenStream.start(settings, TOKEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust store").hasMessageContaining("missing.p12").hasMessageNotContaining("s3cret");
        assertThat(missing.toString()).doesNotContain("s3cret");
    }

    private static TlsSettings trust() {
        return new TlsSettings(path("server.p12"), "PKCS12", PASSWORD, null, null, null);
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
