package io.plotstream.stream;

/** Stream tokens are write credentials: only a masked form ever reaches a log or a message. */
public final class Tokens {
    private Tokens() {
    }

    /** {@code "3gqmwfx0y8"} → {@code "3g******y8"}; short tokens are fully masked. */
    public static String mask(String token) {
        if (token == null) {
            return "<none>";
        }
        if (token.length() < 8) {
            return "*".repeat(token.length());
        }
        return token.substring(0, 2) + "*".repeat(token.length() - 4) + token.substring(token.length() - 2);
    }
}
