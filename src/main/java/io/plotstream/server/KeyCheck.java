package io.plotstream.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one key comparison of the server, for the REST API ({@code api/AccessKeys}) and the pages and
 * WebSocket ({@code web/ViewKeyGate}) alike. It keeps only the SHA-256 digest of the expected key
 * and compares digests with {@link MessageDigest#isEqual}, which takes the same time whatever the
 * bytes are: as both digests are 32 bytes long, neither the key's content nor its length leaks
 * through timing (comparing the raw bytes would end early on a length mismatch).
 *
 * <p>A key that is null or blank means "no key required": {@link #required()} is false and
 * {@link #matches} admits everything, because a blank key would protect nothing while looking as if
 * it did. Immutable and thread-safe.
 */
public final class KeyCheck {

    private static final KeyCheck NONE = new KeyCheck(null);

    private final byte[] digest;

    private KeyCheck(byte[] digest) {
        this.digest = digest;
    }

    /** A check for {@code key}; null or blank: nothing is required. */
    public static KeyCheck of(String key) {
        return key == null || key.isBlank() ? NONE : new KeyCheck(sha256(key));
    }

    /** True when a key is configured, so requests must bring it. */
    public boolean required() {
        return digest != null;
    }

    /**
     * True when no key is required, or {@code candidate} is the key. A null candidate (the request
     * brought none) never matches a required key.
     */
    public boolean matches(String candidate) {
        if (digest == null) {
            return true;
        }
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    /** True only when a key is required and {@code candidate} is it (for "is this the admin?" questions). */
    public boolean matchesRequired(String candidate) {
        return digest != null && matches(candidate);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the key nor its digest: both are credentials (a digest of a short key can be brute-forced). */
    @Override
    public String toString() {
        return digest == null ? "KeyCheck[none]" : "KeyCheck[set]";
    }
}
