package io.plotstream.point;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads numbers written as text ({@code "12"}, {@code " -3.5e2 "}), for sources such as CSV-born
 * JSON that quote their numbers. Stricter than {@link Double#parseDouble}, which would also take
 * {@code "1d"}, hex floats and {@code "NaN"}: only a decimal number, optionally signed, optionally
 * with an exponent, surrounded by optional whitespace.
 */
final class NumericText {
    /** Up to this many characters a decimal survives a trip through double digit for digit. */
    private static final int MAX_DOUBLE_EXACT_CHARS = 15;
    private static final int MAX_LONG_DIGITS = 18;

    private NumericText() {
    }

    /** @return Long, BigInteger, Double (possibly infinite: the caller refuses it) or BigDecimal; null when not a number */
    static Number parse(String raw) {
        String text = raw.strip();
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        boolean integral = true;
        if (i < n && text.charAt(i) == '.') {
            integral = false;
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        if (integral) {
            return digits <= MAX_LONG_DIGITS ? (Number) Long.parseLong(text) : new BigInteger(text);
        }
        return n <= MAX_DOUBLE_EXACT_CHARS ? (Number) Double.parseDouble(text) : new BigDecimal(text);
    }

    /** The words a numeric string might use for the values JSON cannot carry. */
    static String nonFiniteWord(String raw) {
        String text = raw.strip();
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (unsigned.equalsIgnoreCase("nan")) {
            return "NaN";
        }
        if (unsigned.equalsIgnoreCase("infinity") || unsigned.equalsIgnoreCase("inf")) {
            return text.startsWith("-") ? "-Infinity" : "Infinity";
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
