package io.plotstream.server.plot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Plot ids appear in URLs and file names, and viewers see them: they are never a stream token
 * (the token is the write credential), only derived from one.
 */
public final class PlotIds {

    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PlotIds() {
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    public static String random() {
        StringBuilder id = new StringBuilder("p-");
        for (int i = 0; i < 8; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /**
     * The id of the plot open mode creates for an unknown token: {@code open-} and the first 12 hex
     * digits of the token's SHA-256, so the page URL does not reveal the token.
     */
    public static String forOpenToken(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "open-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
