package io.github.maintenance.registry;

import static io.github.maintenance.registry.ConfigRules.requireNonNegative;
import static io.github.maintenance.registry.ConfigRules.requirePositive;

import io.github.maintenance.Durations;

import java.time.Duration;

/**
 * How long the connections, sessions and staged configuration of a {@link RegistryServer} may live,
 * and how often the server checks. Part of a {@link RegistryConfig}; validated on construction.
 *
 * @param idleTimeout         a session's connection without a complete line; zero: off
 * @param registrationTimeout a connection without a session, from its accept; positive
 * @param writeTimeout        a reply left unread; positive
 * @param gracePeriod         a disconnected session can be resumed; positive
 * @param stagedTtl           staged configuration left unapplied; positive
 * @param sweepInterval       between checks of grace periods and TTLs; zero: only through
 *                            {@link RegistryServer#sweep()}
 */
record RegistryTimeouts(Duration idleTimeout, Duration registrationTimeout, Duration writeTimeout,
        Duration gracePeriod, Duration stagedTtl, Duration sweepInterval) {

    RegistryTimeouts {
        requireNonNegative(idleTimeout, "idleTimeout");
        requirePositive(registrationTimeout, "registrationTimeout");
        requirePositive(writeTimeout, "writeTimeout");
        requirePositive(gracePeriod, "gracePeriod");
        requirePositive(stagedTtl, "stagedTtl");
        requireNonNegative(sweepInterval, "sweepInterval");
    }

    /** The time-outs as the start-up log shows them (the sweep interval left out). */
    @Override
    public String toString() {
        return "idleTimeout=" + (idleTimeout.isZero() ? "off" : Durations.format(idleTimeout))
                + ", registrationTimeout=" + Durations.format(registrationTimeout)
                + ", writeTimeout=" + Durations.format(writeTimeout) + ", gracePeriod=" + Durations.format(gracePeriod)
                + ", stagedTtl=" + Durations.format(stagedTtl);
    }
}
