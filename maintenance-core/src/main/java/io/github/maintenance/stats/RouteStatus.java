package io.github.maintenance.stats;

import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.Phase;

import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time view of one route: its state, circuit breaker and counters. Carries the fields
 * of the seeds' {@code BackendStatus} (healthy, circuit state, failures, successes, opened at,
 * last failure, in maintenance, maintenance page URL, maintenance hits, draining, drain start,
 * drain remaining, drain rejected) plus the details a dashboard needs.
 *
 * <p>When each counter moves: {@code maintenanceHits} on every maintenance response served
 * (reset when maintenance is entered); {@code drainRejected} on every drain rejection (reset when
 * a drain starts); {@code circuitRejected} on every response served because the breaker was
 * open; {@code requests} on every request matched to the route and {@code passed} on every one
 * passed to the application — these two only while detailed statistics are on, otherwise 0;
 * {@code errors} on every passed request that ended with a 5xx status or an exception, also only
 * with detailed statistics or a circuit breaker.
 *
 * @param route              the route
 * @param phase              effective phase
 * @param healthy            false while the circuit is open
 * @param circuitState       the breaker's state ({@code CLOSED} when no breaker is configured)
 * @param circuitConfigured  whether a breaker is configured for the route
 * @param failures           the breaker's current failure count
 * @param successes          the breaker's current half-open success count
 * @param openedAt           when the breaker last opened, or {@code null}
 * @param lastFailure        when the last failure was recorded, or {@code null}
 * @param inMaintenance      whether maintenance is in force
 * @param maintenancePageUrl the custom page URL, or {@code null}
 * @param maintenanceMessage the message, or {@code null} for the default
 * @param maintenanceSince   when maintenance was entered, or {@code null}
 * @param maintenanceUntil   when it ends by itself, or {@code null}
 * @param maintenanceHits    see above
 * @param draining           whether a drain is in force
 * @param drainStart         when the drain started, or {@code null}
 * @param drainDuration      the drain period, or {@code null}
 * @param drainRemaining     time left in the period ({@code ZERO} when none or over)
 * @param drainProgress      elapsed fraction of the period in {@code [0, 1]} (0 when not draining)
 * @param drainRejected      see above
 * @param circuitRejected    see above
 * @param requests           see above
 * @param passed             see above
 * @param errors             see above
 */
public record RouteStatus(Route route, Phase phase, boolean healthy, CircuitState circuitState,
        boolean circuitConfigured, int failures, int successes, Instant openedAt, Instant lastFailure,
        boolean inMaintenance, String maintenancePageUrl, String maintenanceMessage, Instant maintenanceSince,
        Instant maintenanceUntil, long maintenanceHits, boolean draining, Instant drainStart, Duration drainDuration,
        Duration drainRemaining, double drainProgress, long drainRejected, long circuitRejected, long requests,
        long passed, long errors) {

    /** The route's id. */
    public String routeId() {
        return route.id();
    }
}
