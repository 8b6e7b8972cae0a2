package io.plotstream.server.log.redis;

import static io.plotstream.server.log.Recorded.bytes;
import static io.plotstream.server.log.redis.RedisLogTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.Recorded;
import io.plotstream.testing.LocalProcess;
import io.plotstream.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against a Redis that wants TLS ({@code rediss://}, the server's certificate checked
 * against the CA in {@value RedisLogOptions#CA_VARIABLE}) or an ACL user limited to the engine's keys
 * ({@value RedisLogOptions#USER_VARIABLE} and {@value RedisLogOptions#PASSWORD_VARIABLE}).
 */
class RedisSecurityTest {
    private static final String PASSWORD = "tail-and-log-only";

    @TempDir
    Path dir;

    @Test
    void overTlsTheEngineConnectsWhenTheServerChainsToTheGivenCaAndRefusesOtherwise() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "TLS tests need openssl (apt-get install openssl)");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path ca = authority(certs, "ca");
        Path stranger = authority(certs, "stranger");
        serverCertificate(certs, "ca");
        int tlsPort = LocalProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"), List.of("--tls-port",
                Integer.toString(tlsPort), "--tls-cert-file", certs.resolve("server.crt").toString(), "--tls-key-file",
                certs.resolve("server.key").toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"))) {
            String uri = "rediss://127.0.0.1:" + tlsPort;
            try (RedisLog log = RedisLog.open(RedisLogOptions.of(uri, Map.of(RedisLogOptions.CA_VARIABLE, ca.toString())))) {
                log.recover(plot -> OperationLog.NONE, new Recorded());
                TailEvents events = new TailEvents();
                log.tail(Map.of(), events);
                assertThat(log.appendDefinition("p", bytes("define"), true).get(5, TimeUnit.SECONDS)).isEqualTo(1);
                waitUntil("the tail read over TLS", () -> events.count("p") == 1);
            }
            assertThatThrownBy(() -> RedisLog.open(RedisLogOptions.of(uri,
                    Map.of(RedisLogOptions.CA_VARIABLE, stranger.toString()))))
                    .isInstanceOf(IOException.class).hasMessageContaining("redis unreachable at 127.0.0.1:" + tlsPort);
            assertThatThrownBy(() -> RedisLog.open(RedisLogOptions.of(uri, Map.of())))
                    .as("the JVM's trust store does not know a self-signed CA")
                    .isInstanceOf(IOException.class).hasMessageContaining("redis unreachable at 127.0.0.1:" + tlsPort);
        }
    }

    @Test
    void aCaFileIsRefusedForAPlainUriOrWhenItCannotBeRead() {
        assertThatThrownBy(() -> RedisLogOptions.of("redis://127.0.0.1:6379",
                Map.of(RedisLogOptions.CA_VARIABLE, dir.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rediss://");
        assertThatThrownBy(() -> RedisLogOptions.of("rediss://127.0.0.1:6379",
                Map.of(RedisLogOptions.CA_VARIABLE, dir.resolve("absent.pem").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent.pem");
        assertThatThrownBy(() -> RedisLogOptions.of("redis://127.0.0.1:6379", Map.of(RedisLogOptions.USER_VARIABLE, "u")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RedisLogOptions.PASSWORD_VARIABLE);
    }

    @Test
    void anAclUserAllowedOnlyTheEnginesKeysIsEnoughForLogTailCheckpointsAndLease() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"),
                List.of("--user", "plotstream", "on", ">" + PASSWORD, "~ps:*", "&*", "+@all"))) {
            Map<String, String> env = Map.of(RedisLogOptions.USER_VARIABLE, "plotstream",
                    RedisLogOptions.PASSWORD_VARIABLE, PASSWORD);
            try (RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), env))) {
                log.recover(plot -> OperationLog.NONE, new Recorded());
                TailEvents events = new TailEvents();
                log.tail(Map.of(), events, Duration.ofMillis(200));
                log.appendDefinition("p", bytes("define"), true).get(5, TimeUnit.SECONDS);
                log.append("p", bytes("points")).get(5, TimeUnit.SECONDS);
                waitUntil("the tail read as the ACL user", () -> events.count("p") == 2);
                assertThat(log.storeCheckpoint("p", 1, bytes("state")).get(5, TimeUnit.SECONDS)).isTrue();
                assertThat(log.loadCheckpoint("p")).isPresent();
                assertThat(log.claimCheckpoint("p", "node", Duration.ofSeconds(5))).isTrue();
                assertThat(log.plotIds()).containsExactly("p");
                assertThat(events.events()).doesNotContain("down");
            }
            assertThatThrownBy(() -> RedisLog.open(RedisLogOptions.of(redis.uri(),
                    Map.of(RedisLogOptions.USER_VARIABLE, "plotstream", RedisLogOptions.PASSWORD_VARIABLE, "wrong"))))
                    .isInstanceOf(IOException.class).hasMessageContaining("WRONGPASS")
                    .hasMessageNotContaining("wrong\"");
        }
    }

    /** A self-signed certificate authority: {@code <name>.crt} (and its key) in {@code certs}. */
    private static Path authority(Path certs, String name) throws Exception {
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=plotstream test " + name);
        return certs.resolve(name + ".crt");
    }

    /** server.crt for 127.0.0.1, signed by the authority {@code ca}. */
    private static void serverCertificate(Path certs, String ca) throws Exception {
        openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(certs.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl(certs, "x509", "-req", "-in", "server.csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
    }

    private static void openssl(Path workDir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("openssl.out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl " + arguments[0] + " finished").isTrue();
        assertThat(process.exitValue()).as("openssl " + String.join(" ", arguments) + ": "
                + Files.readString(workDir.resolve("openssl.out"))).isZero();
    }
}
