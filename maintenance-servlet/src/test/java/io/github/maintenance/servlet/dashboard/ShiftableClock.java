package io.github.maintenance.servlet.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock shifted by an amount a test sets: time flows, and the test can make history in the past. */
final class ShiftableClock extends Clock {

    private volatile Duration shift = Duration.ZERO;

    void shift(Duration value) {
        shift = value;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(shift);
    }
}
