package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewerOptionsTest {

    @Test
    void defaultsPushThirtyTimesASecondWithoutKey() {
        ViewerOptions defaults = ViewerOptions.defaults();

        assertThat(defaults.maxPushesPerSecond()).isEqualTo(30);
        assertThat(defaults.hasViewKey()).isFalse();
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new ViewerOptions(null, 0, 30, 8, 100))
                .hasMessageContaining("maxViewers").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new ViewerOptions(null, 10, 0, 8, 100)).hasMessageContaining("maxPushesPerSecond");
        assertThatThrownBy(() -> new ViewerOptions(null, 10, 30, 0, 100)).hasMessageContaining("viewerQueueFrames");
        assertThatThrownBy(() -> new ViewerOptions(null, 10, 30, 8, -1)).hasMessageContaining("scatterglThreshold");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(ViewerOptions.defaults().withViewKey("s3cret").toString()).doesNotContain("s3cret").contains("<set>");
    }
}
