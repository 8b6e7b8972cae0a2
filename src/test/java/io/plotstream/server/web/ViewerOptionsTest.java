package io.plotstream.server.web;

import io.plotstream.server.ServerConfig;
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
        assertThatThrownBy(() -> new ViewerOptions(null, 0, 30, 8, 100, 60_000))
                .hasMessageContaining("maxViewers").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new ViewerOptions(null, 10, 0, 8, 100, 60_000)).hasMessageContaining("maxPushesPerSecond");
        assertThatThrownBy(() -> new ViewerOptions(null, 10, 30, 0, 100, 60_000)).hasMessageContaining("viewerQueueFrames");
        assertThatThrownBy(() -> new ViewerOptions(null, 10, 30, 8, -1, 60_000)).hasMessageContaining("scatterglThreshold");
    }

    @Test
    void defaultsAreTheServerConfigsDefaultsSoTheyCannotDrift() {
        ServerConfig config = ServerConfig.defaults();
        ViewerOptions defaults = ViewerOptions.defaults();

        assertThat(defaults.maxViewers()).isEqualTo(config.maxViewers);
        assertThat(defaults.maxPushesPerSecond()).isEqualTo(config.maxPushesPerSecond);
        assertThat(defaults.viewerQueueFrames()).isEqualTo(config.viewerQueueFrames);
        assertThat(defaults.scatterglThreshold()).isEqualTo(config.scatterglThreshold);
        assertThat(defaults.staleAfterMs()).isEqualTo(config.staleAfter.toMillis());
    }

    @Test
    void fromConfigCarriesEveryViewerSetting() {
        ServerConfig config = ServerConfig.builder().viewKey("k").maxViewers(7).maxPushesPerSecond(9)
                .viewerQueueFrames(11).scatterglThreshold(13).staleAfter(java.time.Duration.ofSeconds(15)).build();

        assertThat(ViewerOptions.from(config)).isEqualTo(new ViewerOptions("k", 7, 9, 11, 13, 15_000));
    }

    @Test
    void staleTimeMustBePositive() {
        assertThatThrownBy(() -> ViewerOptions.defaults().withStaleAfterMs(0)).hasMessageContaining("staleAfterMs");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(ViewerOptions.defaults().withViewKey("s3cret").toString()).doesNotContain("s3cret").contains("<set>");
    }
}
