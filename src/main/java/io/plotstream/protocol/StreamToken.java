package io.plotstream.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for what a stream token may look like, and how one is masked. A token is a write
 * credential that travels as the {@link #HEADER} value and names files and metrics on the server, so
 * it is restricted to characters safe in all of those.
 */
public final class StreamToken {

    /** The request header that names the stream. */
    public static final String HEADER = "plotly-streamtoken";
    /** The longest token either end accepts. */
    public static final int MAX_LENGTH = 128;
    /** What a token may look like; a server answers any other token with 404. */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.~-]{1," + MAX_LENGTH + "}");
    /** The rule in words, for error messages. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '_', '.', '~' and '-'";

    private StreamToken() {
    }

    public static boolean isWellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }

    /**
     * Why {@code token} is not a usable token, without revealing it: empty when it is well formed.
     * The message names the first offending position, never the character itself.
     */
    public static Optional<String> problem(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of("the token is empty; a token is " + RULE);
        }
        if (token.length() > MAX_LENGTH) {
            return Optional.of("the token " + mask(token) + " has " + token.length() + " characters; a token is " + RULE);
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '~' || c == '-';
            if (!ok) {
                return Optional.of("the token " + mask(token) + " has a character not allowed at position " + i
                        + "; a token is " + RULE);
            }
        }
        return Optional.empty();
    }

    /**
     * Throws if {@code token} is not well formed.
     *
     * @throws IllegalArgumentException with a message that masks the token
     */
    public static String require(String token) {
        Optional<String> problem = problem(token);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return token;
    }

    /** {@code "3gqmwfx0y8"} → {@code "3g******y8"}; tokens under 8 characters are masked whole. */
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
