package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PointTest {

    @Test
    void aPlainPointHasNoOptionalAttributes() {
        Point p = Point.of(1L, 2.5);
        assertThat(p.x()).isEqualTo(1L);
        assertThat(p.y()).isEqualTo(2.5);
        assertThat(p.text()).isNull();
        assertThat(p.markerColor()).isNull();
        assertThat(p.markerSize()).isNull();
        assertThat(p).isEqualTo(new Point(1L, 2.5, null, null, null)).hasSameHashCodeAs(new Point(1L, 2.5, null, null, null));
    }

    @Test
    void eachOptionalAttributeIsKeptAndCountsForEquality() {
        Point styled = new Point(1L, 2.5, "t", "red", 3);
        assertThat(styled.text()).isEqualTo("t");
        assertThat(styled.markerColor()).isEqualTo("red");
        assertThat(styled.markerSize()).isEqualTo(3);
        assertThat(new Point(1L, 2.5, null, null, 3).markerSize()).isEqualTo(3);
        assertThat(styled).isEqualTo(new Point(1L, 2.5, "t", "red", 3)).isNotEqualTo(Point.of(1L, 2.5))
                .isNotEqualTo(new Point(1L, 2.5, "t", "red", 4));
        assertThat(styled.toString()).isEqualTo("Point[x=1, y=2.5, text=t, markerColor=red, markerSize=3]");
    }
}
