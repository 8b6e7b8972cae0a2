package io.plotstream.server.log.redis;

import java.net.URI;
import java.net.URISyntaxException;
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
 */
public record RedisLogOptions(String uri, char[] password, int maxPendingCommands, Duration commandTimeout) {
    public static final String PASSWORD_VARIABLE = "PLOTSTREAM_REDIS_PASSWORD";

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
    }

    /** Defaults for {@code uri}, with the password from {@value #PASSWORD_VARIABLE} when set. */
    public static RedisLogOptions of(String uri, Map<String, String> environment) {
        String password = environment.get(PASSWORD_VARIABLE);
        return new RedisLogOptions(uri, password == null || password.isEmpty() ? null : password.toCharArray(),
                10_000, Duration.ofSeconds(5));
    }

    public RedisLogOptions withMaxPendingCommands(int max) {
        return new RedisLogOptions(uri, password, max, commandTimeout);
    }

    public RedisLogOptions withCommandTimeout(Duration timeout) {
        return new RedisLogOptions(uri, password, maxPendingCommands, timeout);
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
        return "RedisLogOptions[uri=" + uri + ", password=" + (password == null ? "none" : "set") + ", maxPendingCommands="
                + maxPendingCommands + ", commandTimeout=" + commandTimeout + "]";
    }
}
