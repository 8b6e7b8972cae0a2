package io.plotstream.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlotlyDateTextTest {

    @Test
    void formatsMillisecondsOrMicrosecondsAfterTheSeconds() {
        long millis = LocalDate.of(2026, 12, 1).atTime(10, 5, 7, 89_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(PlotlyDateText.format(millis, 3)).isEqualTo("2026-12-01 10:05:07.089");
        assertThat(PlotlyDateText.format(millis, 6)).isEqualTo("2026-12-01 10:05:07.089000");
    }

    @Test
    void daysFromCivilAgreesWithJavaTimeAcrossLeapYearsAndBeforeTheEpoch() {
        for (LocalDate d = LocalDate.of(1899, 12, 25); d.isBefore(LocalDate.of(2101, 1, 7)); d = d.plusDays(97)) {
            assertThat(PlotlyDateText.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .as("%s", d).isEqualTo(d.toEpochDay());
            String text = PlotlyDateText.format(d.toEpochDay() * 86_400_000L, 3);
            assertThat(text).isEqualTo(d + " 00:00:00.000");
        }
        assertThat(PlotlyDateText.daysFromCivil(2024, 2, 29)).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
    }

    @Test
    void aYearPlotlyCannotReadIsRefused() {
        long year10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400_000L;
        assertThatThrownBy(() -> PlotlyDateText.format(year10000, 3)).hasMessageContaining("year 10000");
        assertThat(PlotlyDateText.format(LocalDate.of(0, 1, 1).toEpochDay() * 86_400_000L, 3))
                .isEqualTo("0000-01-01 00:00:00.000");
    }
}
