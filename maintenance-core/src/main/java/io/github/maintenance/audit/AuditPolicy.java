package io.github.maintenance.audit;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;
import java.time.Instant;

/**
 * How much of the audit trail is kept: at most {@code maxEntries} entries (the newest) and none
 * older than {@code maxAge}, in memory and in the state store. {@link #off()} keeps nothing.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param maxEntries the most entries kept, 0 (off) to {@value #MAX_ENTRIES}
 * @param maxAge     the oldest entry kept, 1 minute to 3660 days
 */
public record AuditPolicy(int maxEntries, Duration maxAge) {

    /** Default {@link #maxEntries()}. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;
    /** Default {@link #maxAge()}: 90 days. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);
    /** The largest {@link #maxEntries()} accepted. */
    public static final int MAX_ENTRIES = 100_000;
    /** The longest {@link #maxAge()} accepted. */
    public static final Duration LONGEST_MAX_AGE = Duration.ofDays(3660);

    private static final AuditPolicy DEFAULTS = new AuditPolicy(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE);
    private static final AuditPolicy OFF = new AuditPolicy(0, DEFAULT_MAX_AGE);

    /**
     * Checks the bounds.
     *
     * @param maxEntries the most entries kept, 0 (off) to {@value #MAX_ENTRIES}
     * @param maxAge     the oldest entry kept, 1 minute to 3660 days
     * @throws io.github.maintenance.MaintenanceException naming the value out of range
     */
    public AuditPolicy {
        if (maxEntries < 0 || maxEntries > MAX_ENTRIES) {
            throw MaintenanceErrors.invalidConfig("audit.maxEntries", maxEntries, "must be 0 (off) to " + MAX_ENTRIES);
        }
        if (maxAge == null || maxAge.compareTo(Duration.ofMinutes(1)) < 0 || maxAge.compareTo(LONGEST_MAX_AGE) > 0) {
            throw MaintenanceErrors.invalidConfig("audit.maxAge", maxAge, "must be 1 minute to 3660 days");
        }
    }

    /** {@return the defaults: {@value #DEFAULT_MAX_ENTRIES} entries, 90 days} */
    public static AuditPolicy defaults() {
        return DEFAULTS;
    }

    /** {@return a policy that keeps nothing} */
    public static AuditPolicy off() {
        return OFF;
    }

    /**
     * {@return a policy with the given bounds}
     *
     * @param maxEntries the most entries kept, 0 (off) to {@value #MAX_ENTRIES}
     * @param maxAge     the oldest entry kept, 1 minute to 3660 days
     */
    public static AuditPolicy of(int maxEntries, Duration maxAge) {
        return new AuditPolicy(maxEntries, maxAge);
    }

    /** {@return whether entries are kept at all} */
    public boolean enabled() {
        return maxEntries > 0;
    }

    /**
     * {@return whether an entry made at {@code time} is too old to keep at {@code now}}
     *
     * @param time when the entry was made
     * @param now  the current time
     */
    public boolean expired(Instant time, Instant now) {
        return time.isBefore(now.minus(maxAge));
    }

    @Override
    public String toString() {
        return enabled() ? maxEntries + " entries, " + Durations.format(maxAge) : "off";
    }
}
