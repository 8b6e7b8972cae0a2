package io.plotstream.server.plot;

import io.plotstream.protocol.StreamToken;

import java.security.SecureRandom;

/**
 * Minting stream tokens: write credentials, minted here like Plotly's settings page did (10
 * characters of [a-z0-9] from a {@link SecureRandom}: about 51 bits, far beyond guessing over
 * HTTP). Every minted token is well formed by {@link StreamToken}'s rule, the one rule both ends
 * check a token against.
 */
public final class StreamTokens {

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
}
