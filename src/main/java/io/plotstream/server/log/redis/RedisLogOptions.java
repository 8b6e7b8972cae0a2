package io.plotstream.server.log.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Redis engine connects and how much it may hold back.
 *
 * @param uri                 {@code redis://host:port} or {@code rediss://host:port} (TLS); an optional path {@code /n} selects database n
 * @param password            from {@value #PASSWORD_VARIABLE}, never from the URI (URIs are logged; passwords never are); null for none
 * @param maxPendingCommands  commands sent or queued but not yet answered; beyond it appends fail at once (bounded memory)
 * @param commandTimeout      an append not confirmed by Redis within this fails (Redis may still have it: it was never acknowledged)
 * @param username            the Redis 6+ ACL user, from {@value #USER_VARIABLE}; null for the default user (requirepass)
 * @param caFile              PEM file of the certificate authorities a {@code rediss://} server's certificate must chain
 *                            to, from {@value #CA_VARIABLE}; null for the JVM's default trust store
 *                            ({@code -Djavax.net.ssl.trustStore=...}). The server's name (or IP) must match its
 *                            certificate either way: the peer is verified in full, never trusted blindly
 */
public record RedisLogOptions(String uri, char[] password, int maxPendingCommands, Duration commandTimeout,
                              String username, Path caFile) {
    public static final String PASSWORD_VARIABLE = "PLOTSTREAM_REDIS_PASSWORD";
    public static final String USER_VARIABLE = "PLOTSTREAM_REDIS_USER";
    public static final String CA_VARIABLE = "PLOTSTREAM_REDIS_CA";

    /** Without an ACL user and with the JVM's trust store. */
    public RedisLogOptions(String uri, char[] password, int maxPendingCommands, Duration commandTimeout) {
        this(uri, password, maxPendingCommands, commandTimeout, null, null);
    }

    public RedisLogOptions {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        validate(uri);
        if (maxPendingCommands < 1) {
            throw new IllegalArgumentException("maxPendingCommands is " + maxPendingCommands + "; it must be at least 1");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout is " + commandTimeout + "; it must be positive");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException(USER_VARIABLE + " is set but " + PASSWORD_VARIABLE
                    + " is not: a Redis ACL user logs in with a password");
        }
        if (caFile != null && !uri.toLowerCase(Locale.ROOT).startsWith("rediss://")) {
            throw new IllegalArgumentException(CA_VARIABLE + " is set but the Redis engine URI " + uri
                    + " is not TLS; use rediss://");
        }
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new IllegalArgumentException(CA_VARIABLE + " names " + caFile + ", which is not a readable file");
        }
    }

    /**
     * Defaults for {@code uri}, with the password from {@value #PASSWORD_VARIABLE}, the ACL user from
     * {@value #USER_VARIABLE} and the CA file from {@value #CA_VARIABLE} when set (empty counts as unset).
     */
    public static RedisLogOptions of(String uri, Map<String, String> environment) {
        String password = set(environment.get(PASSWORD_VARIABLE));
        String ca = set(environment.get(CA_VARIABLE));
        return new RedisLogOptions(uri, password == null ? null : password.toCharArray(),
                10_000, Duration.ofSeconds(5), set(environment.get(USER_VARIABLE)), ca == null ? null : Path.of(ca));
    }

    private static String set(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    public RedisLogOptions withMaxPendingCommands(int max) {
        return new RedisLogOptions(uri, password, max, commandTimeout, username, caFile);
    }

    public RedisLogOptions withCommandTimeout(Duration timeout) {
        return new RedisLogOptions(uri, password, maxPendingCommands, timeout, username, caFile);
    }

    /** host:port, for messages and logs (never the password). */
    public String endpoint() {
        URI parsed = URI.create(uri);
        return parsed.getHost() + ":" + (parsed.getPort() < 0 ? 6379 : parsed.getPort());
    }

    private static void validate(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis engine URI is not a URI: " + e.getMessage());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("Redis engine URI must start with redis:// or rediss:// (TLS), not '"
                    + parsed.getScheme() + "://'");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("Redis engine URI " + scheme + "://... names no host; use "
                    + scheme + "://host:port");
        }
        if (parsed.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Redis engine URI for " + parsed.getHost() + " carries credentials; "
                    + "put the password in " + PASSWORD_VARIABLE + " instead (URIs end up in logs)");
        }
    }

    @Override
    public String toString() {
        return "RedisLogOptions[uri=" + uri + ", user=" + (username == null ? "default" : username) + ", password="
                + (password == null ? "none" : "set") + ", ca=" + (caFile == null ? "jvm trust store" : caFile)
                + ", maxPendingCommands=" + maxPendingCommands + ", commandTimeout=" + commandTimeout + "]";
    }
}
