package io.plotstream.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.server.plot.StreamTokens;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one token rule both ends check, its messages (which never show the token), and masking. */
class StreamTokenTest {

    @Test
    void theHeaderIsPlotlys() {
        assertThat(StreamToken.HEADER).isEqualTo("plotly-streamtoken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "3gqmwfx0y8", "tok1234567", "A-Z_a.z~0-9", "UPPER", "with.dots", "under_score", "til~de"})
    void wellFormedTokensPass(String token) {
        assertThat(StreamToken.isWellFormed(token)).isTrue();
        assertThat(StreamToken.problem(token)).isEmpty();
        assertThat(StreamToken.require(token)).isSameAs(token);
    }

    @Test
    void theLongestTokenPassesOneMoreCharacterDoesNot() {
        String longest = "a".repeat(127) + "Z";
        assertThat(longest).hasSize(StreamToken.MAX_LENGTH);
        assertThat(StreamToken.isWellFormed(longest)).isTrue();
        assertThat(StreamToken.problem(longest)).isEmpty();

        String tooLong = "ab" + "x".repeat(125) + "yz";
        assertThat(tooLong).hasSize(129);
        assertThat(StreamToken.isWellFormed(tooLong)).isFalse();
        String problem = StreamToken.problem(tooLong).orElseThrow();
        assertThat(problem).contains("129 characters").contains(StreamToken.RULE)
                .contains(StreamToken.mask(tooLong)).doesNotContain(tooLong);
        assertThat(StreamToken.mask(tooLong)).startsWith("ab").endsWith("yz").contains("*".repeat(125));
        assertThatThrownBy(() -> StreamToken.require(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    @Test
    void emptyAndNullAreRefused() {
        for (String token : new String[] {"", null}) {
            assertThat(StreamToken.isWellFormed(token)).isFalse();
            assertThat(StreamToken.problem(token)).hasValueSatisfying(p ->
                    assertThat(p).startsWith("the token is empty").contains(StreamToken.RULE));
            assertThatThrownBy(() -> StreamToken.require(token)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the token is empty");
        }
    }

    @Test
    void aSpaceIsRefusedAtItsPosition() {
        assertRefusedAt("secret token123", 6);
        assertRefusedAt(" leading12", 0);
        assertRefusedAt("trailing12 ", 10);
    }

    @Test
    void nonAsciiIsRefusedAtItsPosition() {
        assertRefusedAt("tökenvalue", 1);
        assertRefusedAt("abcdefgh\u00e9", 8);
        assertRefusedAt("abc\u2013defghij", 3); // an en dash, as a copy from a web page brings in
        assertRefusedAt("abcd\uD83D\uDE00efgh", 4); // outside the BMP: the first char of the pair
    }

    @Test
    void aSlashIsRefusedAtItsPosition() {
        assertRefusedAt("abcd/efgh12", 4);
        assertRefusedAt("/abcdefgh12", 0);
    }

    @Test
    void otherSeparatorsAndControlCharactersAreRefused() {
        assertRefusedAt("abc:defghij", 3);
        assertRefusedAt("abc\rdefghij", 3);
        assertRefusedAt("abc\ndefghij", 3);
        assertRefusedAt("abc\"defghij", 3);
        assertRefusedAt("abc%20defgh", 3);
    }

    @Test
    void aShortTokenIsMaskedWhole() {
        String problem = StreamToken.problem("a/b").orElseThrow();
        assertThat(problem).contains("the token *** ").contains("position 1").doesNotContain("a/b");
    }

    @Test
    void problemAgreesWithTheFormatForEveryCharacter() {
        for (char c = 0; c < 0x3000; c++) {
            String token = "abcd" + c + "efgh";
            assertThat(StreamToken.problem(token).isEmpty()).as("U+%04X", (int) c)
                    .isEqualTo(StreamToken.isWellFormed(token))
                    .isEqualTo(StreamToken.FORMAT.matcher(token).matches());
        }
    }

    @Test
    void masking() {
        assertThat(StreamToken.mask("3gqmwfx0y8")).isEqualTo("3g******y8");
        assertThat(StreamToken.mask("12345678")).isEqualTo("12****78");
        assertThat(StreamToken.mask("1234567")).isEqualTo("*******");
        assertThat(StreamToken.mask("")).isEmpty();
        assertThat(StreamToken.mask(null)).isEqualTo("<none>");
    }

    @Test
    void everyTokenTheServerMintsIsWellFormed() {
        for (int i = 0; i < 10_000; i++) {
            String token = StreamTokens.mint();
            assertThat(StreamToken.problem(token)).as(StreamToken.mask(token)).isEmpty();
            assertThat(StreamToken.isWellFormed(token)).isTrue();
        }
    }

    /** The token is refused with a message that names {@code position}, masks the token and never shows it. */
    private static void assertRefusedAt(String token, int position) {
        assertThat(StreamToken.isWellFormed(token)).as("%s well formed", StreamToken.mask(token)).isFalse();
        Optional<String> problem = StreamToken.problem(token);
        assertThat(problem).as("problem of %s", StreamToken.mask(token)).isPresent();
        String message = problem.get();
        assertThat(message)
                .contains("position " + position + ";")
                .contains("the token " + StreamToken.mask(token) + " ")
                .contains(StreamToken.RULE);
        if (token.length() >= 8) {
            assertThat(message).doesNotContain(token);
        }
        char offending = token.charAt(position);
        boolean maskedAway = token.length() >= 8 && position >= 2 && position < token.length() - 2;
        if (maskedAway && offending != ' ') {
            assertThat(message).as("the character itself is never named").doesNotContain(String.valueOf(offending));
        }
        assertThatThrownBy(() -> StreamToken.require(token)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
