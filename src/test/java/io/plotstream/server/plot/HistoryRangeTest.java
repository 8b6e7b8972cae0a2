package io.plotstream.server.plot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history endpoint's parameters: the 400 messages name the parameter and say why. */
class HistoryRangeTest {

    @Test
    void absentBoundsAreOpenAndPointsDefaultToAThousand() {
        HistoryRange range = HistoryRange.parse(null, "", null, XKind.NUMBERS);
        assertThat(range.from()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(range.to()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(range.points()).isEqualTo(1000);
    }

    @Test
    void datesAreReadAsPlotlyOrIsoStrings() {
        HistoryRange range = HistoryRange.parse("2026-12-01 10:00:00.000", "2026-12-01T11:00:00Z", "50", XKind.DATES);
        assertThat(range.from()).isEqualTo(PlotlyTime.parseDate("2026-12-01 10:00:00"));
        assertThat(range.to() - range.from()).isEqualTo(3_600_000);
        assertThat(range.points()).isEqualTo(50);
        assertThat(HistoryRange.parse("2026-12-01T10:00:00+01:00", null, null, XKind.DATES).from())
                .isEqualTo(PlotlyTime.parseDate("2026-12-01 09:00:00"));
    }

    @Test
    void numbersAndEitherKindWhileThePlotHasNoX() {
        assertThat(HistoryRange.parse("-5", "1e3", "20000", XKind.NUMBERS).to()).isEqualTo(1000);
        assertThat(HistoryRange.parse("2026-12-01", null, null, XKind.UNKNOWN).from()).isEqualTo(PlotlyTime.parseDate("2026-12-01 00:00"));
        assertThat(HistoryRange.parse("1", "7", null, XKind.UNKNOWN).to()).isEqualTo(7);
    }

    @Test
    void reversedRangeSaysWhich() {
        assertThatThrownBy(() -> HistoryRange.parse("10", "5", null, XKind.NUMBERS))
                .hasMessage("from 10 is after to 5");
        assertThatThrownBy(() -> HistoryRange.parse("2026-12-02", "2026-12-01", null, XKind.DATES))
                .hasMessage("from 2026-12-02 is after to 2026-12-01");
    }

    @Test
    void unparseableBoundsNameTheParameter() {
        assertThatThrownBy(() -> HistoryRange.parse("yesterday", null, null, XKind.DATES))
                .hasMessage("from: expected a date like 2026-12-01 10:00:00, was 'yesterday'");
        assertThatThrownBy(() -> HistoryRange.parse(null, "abc", null, XKind.NUMBERS))
                .hasMessage("to: expected a number, was 'abc'");
        assertThatThrownBy(() -> HistoryRange.parse(null, "2026-13-01", null, XKind.UNKNOWN))
                .hasMessageStartingWith("to: expected a number or a date");
        assertThatThrownBy(() -> HistoryRange.parse("NaN", null, null, XKind.NUMBERS)).hasMessageStartingWith("from: 'NaN' is not a finite number");
        assertThatThrownBy(() -> HistoryRange.parse("Infinity", null, null, XKind.NUMBERS)).hasMessageStartingWith("from: 'Infinity' is not a finite");
    }

    @Test
    void boundsMustMatchThePlotsXKind() {
        assertThatThrownBy(() -> HistoryRange.parse("5", null, null, XKind.DATES))
                .hasMessageStartingWith("from: the plot's x values are dates");
        assertThatThrownBy(() -> HistoryRange.parse(null, "2026-12-01", null, XKind.NUMBERS))
                .hasMessageStartingWith("to: the plot's x values are numbers");
    }

    @Test
    void pointsAreBoundedOneToTwentyThousand() {
        for (String bad : new String[]{"0", "20001", "-1", "ten", "1.5"}) {
            assertThatThrownBy(() -> HistoryRange.parse(null, null, bad, XKind.NUMBERS)).as(bad)
                    .hasMessage("points: expected a whole number 1..20000, was '" + bad + "'");
        }
    }
}
