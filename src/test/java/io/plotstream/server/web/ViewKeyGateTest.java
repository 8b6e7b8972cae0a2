package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewKeyGateTest {

    @Test
    void withoutKeyEverythingIsOpen() {
        ViewKeyGate gate = new ViewKeyGate(null);

        assertThat(gate.required()).isFalse();
        assertThat(gate.matches(null)).isTrue();
    }

    @Test
    void blankKeyCountsAsNoKey() {
        assertThat(new ViewKeyGate("  ").required()).isFalse();
    }

    @Test
    void onlyTheExactKeyMatches() {
        ViewKeyGate gate = new ViewKeyGate("s3cret");

        assertThat(gate.required()).isTrue();
        assertThat(gate.matches("s3cret")).isTrue();
        assertThat(gate.matches("s3cre")).isFalse();
        assertThat(gate.matches("s3cret ")).isFalse();
        assertThat(gate.matches("S3CRET")).isFalse();
        assertThat(gate.matches("")).isFalse();
        assertThat(gate.matches(null)).isFalse();
    }
}
