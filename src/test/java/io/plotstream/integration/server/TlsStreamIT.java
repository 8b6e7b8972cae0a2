package io.plotstream.integration.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The TLS option: a stream over HTTPS, with a self-signed keystore made by the JDK's keytool. */
class TlsStreamIT {

    @TempDir
    Path dir;

    @Test
    void streamsOverTls() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "plot", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();

        try (RunningServer server = new RunningServer(dir.resolve("data"), b -> b.tls(keystore, "changeit", "PKCS12"))) {
            assertThat(server.server.uri().getScheme()).isEqualTo("https");
            server.server.store().create("tls", RunningServer.json("{\"data\":[{\"stream\":{\"token\":\"tlstoken01\"}}]}"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new TrustEverything()}, new SecureRandom());
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
            socket.startHandshake();
            try (RawStream stream = new RawStream(socket)) {
                // the Host names the old Plotly host, as clients pointed at a replacement server do
                stream.raw("POST / HTTP/1.1\r\nHost: stream.plot.ly\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: tlstoken01\r\n\r\n")
                        .line("{\"x\":1,\"y\":7}");
                assertThat(stream.finish().reply(5000).status()).isEqualTo(200);
            }
            assertThat(server.server.store().snapshot("tls").orElseThrow().figure().path("data").get(0).path("y").toString())
                    .isEqualTo("[7]");
        }
    }

    /** Test-only: the keystore is self-signed and made a moment ago. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
