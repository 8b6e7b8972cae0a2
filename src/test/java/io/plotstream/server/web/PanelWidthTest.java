package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PanelWidthTest {

    @Test
    void aUrlWidthIsADecimalIntegerFromOneTo8192() {
        assertThat(PanelWidth.fromQuery(List.of("400"))).isEqualTo(400);
        assertThat(PanelWidth.fromQuery(List.of("1"))).isEqualTo(1);
        assertThat(PanelWidth.fromQuery(List.of("8192"))).isEqualTo(8192);
        assertThat(PanelWidth.fromQuery(List.of("400", "900"))).as("the first value counts").isEqualTo(400);
    }

    @Test
    void aMalformedOrOutOfRangeUrlWidthIsIgnored() {
        assertThat(PanelWidth.fromQuery(null)).isEqualTo(PanelWidth.NONE);
        assertThat(PanelWidth.fromQuery(List.of())).isEqualTo(PanelWidth.NONE);
        for (String bad : List.of("", "0", "8193", "99999", "-4", "400.5", "4e2", " 400", "abc", "400px",
                "99999999999999999999")) {
            assertThat(PanelWidth.fromQuery(List.of(bad))).as(bad).isEqualTo(PanelWidth.NONE);
        }
    }

    @Test
    void widthsAreBucketedUpToAMultipleOf32SoNoPanelGetsFewerColumnsThanPixels() {
        assertThat(PanelWidth.bucket(PanelWidth.NONE)).isEqualTo(PanelWidth.NONE);
        assertThat(PanelWidth.bucket(1)).isEqualTo(32);
        assertThat(PanelWidth.bucket(385)).isEqualTo(416);
        assertThat(PanelWidth.bucket(400)).isEqualTo(416);
        assertThat(PanelWidth.bucket(416)).isEqualTo(416);
        assertThat(PanelWidth.bucket(417)).isEqualTo(448);
        assertThat(PanelWidth.bucket(8192)).isEqualTo(8192);
        for (int width = 1; width <= PanelWidth.MAX; width++) {
            int bucket = PanelWidth.bucket(width);
            assertThat(bucket).isBetween(width, width + PanelWidth.BUCKET_PX - 1);
        }
    }

    @Test
    void viewMessagesAreParsedStrictly() {
        assertThat(ViewerSocket.viewTarget("{\"view\":\"temps\",\"width\":400}"))
                .isEqualTo(new ViewerSocket.View("temps", 400));
        assertThat(ViewerSocket.viewTarget("{\"width\":8192,\"view\":\"a\"}")).isEqualTo(new ViewerSocket.View("a", 8192));
        for (String bad : List.of("{\"view\":\"temps\"}", "{\"view\":\"temps\",\"width\":0}",
                "{\"view\":\"temps\",\"width\":8193}", "{\"view\":\"temps\",\"width\":400.5}",
                "{\"view\":\"temps\",\"width\":\"400\"}", "{\"view\":3,\"width\":400}",
                "{\"view\":\"temps\",\"width\":-1}", "{\"view\":\"temps\",\"width\":99999999999999999999}",
                "{\"view\":\"temps\",\"width\":", "[\"view\"]", "{}")) {
            assertThat(ViewerSocket.viewTarget(bad)).as(bad).isNull();
        }
    }
}
