package io.github.maintenance.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * Alert rules checked by {@link Notifications} at a fixed interval on the controller's clock:
 * <ul>
 *   <li>{@link #maintenanceLongerThan(Duration)}: a route has been in maintenance, without a break,
 *       for at least that long ({@link NotificationType#MAINTENANCE_LONGER_THAN});</li>
 *   <li>{@link #hitsPerMinuteAbove(long)}: a route served more than that many maintenance
 *       responses per minute since the previous check ({@link NotificationType#HITS_ABOVE_THRESHOLD}).</li>
 * </ul>
 * Each rule fires once per episode and route: it fires again only after it cleared (the route
 * left maintenance, or its rate fell to the threshold or below at a check).
 *
 * <p>Every rule is off unless set: {@code AlertRules.custom().maintenanceLongerThan(Duration.ofHours(4)).hitsPerMinuteAbove(1000)}.
 * Instances are immutable and thread-safe; each method returns a new instance.
 */
public final class AlertRules {

    /** The default interval between two checks: one minute. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);

    private static final AlertRules NONE = new AlertRules(Duration.ZERO, 0, DEFAULT_CHECK_INTERVAL);

    private final Duration maintenanceLongerThan;
    private final long hitsPerMinuteAbove;
    private final Duration checkInterval;

    private AlertRules(Duration maintenanceLongerThan, long hitsPerMinuteAbove, Duration checkInterval) {
        this.maintenanceLongerThan = maintenanceLongerThan;
        this.hitsPerMinuteAbove = hitsPerMinuteAbove;
        this.checkInterval = checkInterval;
    }

    /** {@return no alert rules: only state changes are notified} */
    public static AlertRules none() {
        return NONE;
    }

    /** {@return rules to add to, starting with none} */
    public static AlertRules custom() {
        return NONE;
    }

    /**
     * Alerts when a route has been in maintenance for at least {@code threshold}.
     *
     * @param threshold a positive duration; zero turns the rule off
     * @return new rules
     * @throws IllegalArgumentException when {@code threshold} is negative
     */
    public AlertRules maintenanceLongerThan(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("maintenanceLongerThan must not be negative: " + threshold);
        }
        return new AlertRules(threshold, hitsPerMinuteAbove, checkInterval);
    }

    /**
     * Alerts when a route served more than {@code hits} maintenance responses per minute, measured
     * between two checks from the route's lifetime maintenance-hit counter.
     *
     * @param hits a positive number of responses per minute; zero turns the rule off
     * @return new rules
     * @throws IllegalArgumentException when {@code hits} is negative
     */
    public AlertRules hitsPerMinuteAbove(long hits) {
        if (hits < 0) {
            throw new IllegalArgumentException("hitsPerMinuteAbove must not be negative: " + hits);
        }
        return new AlertRules(maintenanceLongerThan, hits, checkInterval);
    }

    /**
     * How often the rules are checked; default {@link #DEFAULT_CHECK_INTERVAL}. Zero starts no
     * thread: the rules are checked only when {@link Notifications#checkNow()} is called (tests
     * with an injected clock do that).
     *
     * @param interval a positive duration, or zero
     * @return new rules
     * @throws IllegalArgumentException when {@code interval} is negative
     */
    public AlertRules checkInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("checkInterval must not be negative: " + interval);
        }
        return new AlertRules(maintenanceLongerThan, hitsPerMinuteAbove, interval);
    }

    /** {@return the maintenance duration that raises an alert; zero when the rule is off} */
    public Duration maintenanceLongerThan() {
        return maintenanceLongerThan;
    }

    /** {@return the rate of maintenance responses per minute above which an alert is raised; zero when off} */
    public long hitsPerMinuteAbove() {
        return hitsPerMinuteAbove;
    }

    /** {@return the interval between two checks; zero when checks run only on demand} */
    public Duration checkInterval() {
        return checkInterval;
    }

    /** {@return whether any rule is on} */
    public boolean any() {
        return !maintenanceLongerThan.isZero() || hitsPerMinuteAbove > 0;
    }

    @Override
    public String toString() {
        return "AlertRules[maintenanceLongerThan=" + maintenanceLongerThan + ", hitsPerMinuteAbove="
                + hitsPerMinuteAbove + ", checkInterval=" + checkInterval + "]";
    }
}
