package io.plotstream.stream;

import static io.plotstream.protocol.ClientReaction.BACK_OFF;
import static io.plotstream.protocol.ClientReaction.RECONNECT;
import static io.plotstream.protocol.ClientReaction.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-1, RECONNECT", "200, RECONNECT", "408, RECONNECT", "449, RECONNECT", "500, RECONNECT", "502, RECONNECT",
        "503, RECONNECT", "520, RECONNECT", "599, RECONNECT", "204, RECONNECT",
        "423, BACK_OFF",
        "308, STOP", "301, STOP", "400, STOP", "401, STOP", "403, STOP", "404, STOP", "405, STOP", "406, STOP",
        "422, STOP", "429, STOP", "418, STOP"})
    void reactsToEachStatusAsTheProtocolSays(int status, io.plotstream.protocol.ClientReaction expected) {
        assertThat(StatusPolicy.reactionTo(status)).isEqualTo(expected);
        assertThat(expected).isIn(RECONNECT, BACK_OFF, STOP);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "308, stream had ended, create a new stream token",
        "400, invalid or malformed request, Plotly streaming endpoint",
        "403, no longer associated with this plot, update the token",
        "404, not registered or not valid, create the plot on the server or check the token",
        "405, bad request method, Plotly streaming endpoint",
        "406, missing plotly-streamtoken, strips the plotly-streamtoken header",
        "413, line, shorten long text values",
        "422, JSON parse error, please report it",
        "431, too large, header limit"})
    void permanentFailuresSayWhatHappenedAndWhatToDo(int status, String meaning, String advice) {
        StreamException e = StatusPolicy.failureFor(new StreamEnd(status, "server text"), "ab****yz");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).startsWith(status + " for token ab****yz: ").contains(meaning)
                .contains("(server said: \"server text\")").contains(advice);
    }
}
