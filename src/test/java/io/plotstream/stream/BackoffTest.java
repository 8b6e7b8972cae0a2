package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromInitialUpToMax() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700), 0, () -> 0.5);
        assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(700));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void resetStartsOverAfterAHealthyConnection() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0, () -> 0.5);
        b.next();
        b.next();
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterMovesEachDelayByUpToItsFractionEitherWay() {
        assertThat(new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(10), 0.2, () -> 0.0).next())
                .isEqualTo(Duration.ofMillis(800));
        assertThat(new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(10), 0.2, () -> 0.999999).next())
                .isBetween(Duration.ofMillis(1199), Duration.ofMillis(1200));
        Backoff random = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(10), 0.5);
        assertThat(random.next()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    }

    @Test
    void longestIsTheMaxAndKeepsLaterDelaysThere() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0, () -> 0.5);
        assertThat(b.longest()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(5));
    }
}
