package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarningThrottleTest {

    @Test
    void warnsFirstThenAtMostOncePerPeriodCountingWhatItDemoted() {
        WarningThrottle throttle = new WarningThrottle(1_000);
        long t = -5_000; // nanoTime may be negative
        assertThat(throttle.occurrence(t)).isZero();
        assertThat(throttle.occurrence(t + 10)).isEqualTo(-1);
        assertThat(throttle.occurrence(t + 500)).isEqualTo(-1);
        assertThat(throttle.occurrence(t + 999)).isEqualTo(-1);
        assertThat(throttle.occurrence(t + 1_000)).as("a period later: WARN, with 3 demoted").isEqualTo(3);
        assertThat(throttle.occurrence(t + 1_001)).isEqualTo(-1);
        assertThat(throttle.occurrence(t + 5_000)).isEqualTo(1);
    }
}
