package io.github.maintenance.state;

import io.github.maintenance.Cause;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A route draining: a growing share of requests is rejected over {@code duration}.
 *
 * @param start      when the drain started
 * @param duration   the drain period (positive)
 * @param policy     rejection probability by elapsed fraction
 * @param afterDrain what happens once the period is over
 * @param cause      who started it
 */
public record DrainState(Instant start, Duration duration, DrainPolicy policy, AfterDrain afterDrain, Cause cause) {

    /**
     * Checks the components.
     * @param start when the drain started; not null
     * @param duration the drain period; positive
     * @param policy rejection probability by elapsed fraction; not null
     * @param afterDrain what happens once the period is over; not null
     * @param cause who started it; not null
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if {@code duration} is zero or negative
     */
    public DrainState {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(afterDrain, "afterDrain");
        Objects.requireNonNull(cause, "cause");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("drain duration must be positive, but was " + duration);
        }
    }

    /**
     * When the period ends.
     *
     * @return {@code start} plus {@code duration}
     */
    public Instant end() {
        return start.plus(duration);
    }

    /**
     * Elapsed fraction of the period at {@code nowMillis}, clamped to {@code [0, 1]}.
     *
     * @param nowMillis the time in milliseconds since the epoch
     * @return the elapsed fraction, 0 before the start and 1 from the end on
     */
    public double progress(long nowMillis) {
        long elapsed = nowMillis - start.toEpochMilli();
        if (elapsed <= 0) {
            return 0.0;
        }
        long total = duration.toMillis();
        return elapsed >= total ? 1.0 : (double) elapsed / total;
    }

    /**
     * Time left in the period at {@code now}; zero once it is over.
     *
     * @param now the time to measure at
     * @return the time left, never negative
     */
    public Duration remaining(Instant now) {
        Duration d = Duration.between(now, end());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * {@return whether the period is over at {@code nowMillis}}
     *
     * @param nowMillis the time in milliseconds since the epoch
     */
    public boolean isOver(long nowMillis) {
        return nowMillis >= start.toEpochMilli() + duration.toMillis();
    }
}
