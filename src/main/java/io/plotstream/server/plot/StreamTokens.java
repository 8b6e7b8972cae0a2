package io.plotstream.server.plot;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Stream tokens: write credentials, minted here like Plotly's settings page did (10 characters
 * of [a-z0-9] from a {@link SecureRandom}: about 51 bits, far beyond guessing over HTTP).
 */
public final class StreamTokens {

    /** What a token may look like: safe in headers, file names and logs (masked). */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.~-]{1,128}");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamTokens() {
    }

    public static String mint() {
        char[] token = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            token[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(token);
    }

    public static boolean isWellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }
}
