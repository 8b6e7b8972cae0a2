package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlotlyDatesTest {

    @Test
    void writesUtcInPlotlysDateFormatWithMicroseconds() {
        assertThat(new PlotlyDates(ZoneOffset.UTC).instant(TestRecords.TIMESTAMP)).isEqualTo("2026-11-27 22:15:30.123000");
        assertThat(new PlotlyDates(ZoneOffset.UTC).instant(0)).isEqualTo("1970-01-01 00:00:00.000000");
    }

    @Test
    void writesWallClockOfTheConfiguredZoneAcrossDaylightSaving() {
        PlotlyDates paris = new PlotlyDates(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant(1_783_000_000_000L)).as("summer, UTC+2").isEqualTo("2026-07-02 15:46:40.000000");
        assertThat(paris.instant(TestRecords.TIMESTAMP)).as("winter, UTC+1").isEqualTo("2026-11-27 23:15:30.123000");
        assertThat(new PlotlyDates(ZoneOffset.ofHours(-5)).instant(0)).isEqualTo("1969-12-31 19:00:00.000000");
    }

    @Test
    void handlesDatesBeforeTheEpochAndLeapDays() {
        PlotlyDates utc = new PlotlyDates(ZoneOffset.UTC);
        assertThat(utc.instant(-1)).isEqualTo("1969-12-31 23:59:59.999000");
        assertThat(utc.instant(951_782_400_000L)).isEqualTo("2000-02-29 00:00:00.000000");
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        DateTimeFormatter expected = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
        ZoneId zone = ZoneId.of("America/New_York");
        PlotlyDates dates = new PlotlyDates(zone);
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong() % 200_000_000_000_000L; // about ±6000 years
            LocalDateTime local = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), zone);
            if (local.getYear() < 0 || local.getYear() > 9999) {
                continue;
            }
            assertThat(dates.instant(millis)).as("%d", millis).isEqualTo(expected.format(local));
        }
    }

    @Test
    void sameInstantTwiceGivesTheSameStringAndADifferentOneANewString() {
        PlotlyDates dates = new PlotlyDates(ZoneOffset.UTC);
        String first = dates.instant(1000);
        assertThat(dates.instant(1000)).isSameAs(first);
        assertThat(dates.instant(2000)).isEqualTo("1970-01-01 00:00:02.000000");
        assertThat(dates.instant(1000)).isEqualTo(first);
    }

    @Test
    void refusesYearsPlotlyCannotRead() {
        assertThatThrownBy(() -> new PlotlyDates(ZoneOffset.UTC).instant(253_402_300_800_000L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("year 10000");
    }
}
