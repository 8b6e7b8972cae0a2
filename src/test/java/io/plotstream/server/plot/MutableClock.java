package io.plotstream.server.plot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand: nothing in the plot model sleeps or reads the system time behind it. */
final class MutableClock extends Clock {
    private volatile long millis;

    MutableClock(long startMillis) {
        this.millis = startMillis;
    }

    MutableClock(String plotlyDate) {
        this(PlotlyTime.parseDate(plotlyDate));
    }

    void advance(Duration by) {
        millis += by.toMillis();
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
