package io.github.maintenance.stats;

import io.github.maintenance.WindowOptions;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;
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
 * with detailed statistics or a circuit breaker. {@code lifetimeMaintenanceHits} and
 * {@code lifetimeDrainRejected} count the same as {@code maintenanceHits} and
 * {@code drainRejected} but are never reset: they run from the route's creation, which suits
 * monotonic counters such as metrics.
 *
 * <p>Immutable and thread-safe. The controller builds them with {@link #builder(Route)}.
 */
public final class RouteStatus {

    private final Route route;
    private final Phase phase;
    private final boolean healthy;
    private final CircuitState circuitState;
    private final boolean circuitConfigured;
    private final int failures;
    private final int successes;
    private final Instant openedAt;
    private final Instant lastFailure;
    private final boolean inMaintenance;
    private final String maintenancePageUrl;
    private final String maintenanceMessage;
    private final Instant maintenanceSince;
    private final Instant maintenanceUntil;
    private final long maintenanceHits;
    private final boolean draining;
    private final Instant drainStart;
    private final Duration drainDuration;
    private final Duration drainRemaining;
    private final double drainProgress;
    private final long drainRejected;
    private final long lifetimeMaintenanceHits;
    private final long lifetimeDrainRejected;
    private final long circuitRejected;
    private final long requests;
    private final long passed;
    private final long errors;
    private final WindowOptions maintenanceOptions;
    private final long readOnlyRejected;
    private final long held;
    private final long holdReleased;
    private final long holdTimedOut;
    private final long inFlight;
    private final Instant maintenanceBegan;
    private final boolean stuck;

    private RouteStatus(Builder b) {
        this.route = b.route;
        this.phase = b.phase;
        this.healthy = b.healthy;
        this.circuitState = b.circuitState;
        this.circuitConfigured = b.circuitConfigured;
        this.failures = b.failures;
        this.successes = b.successes;
        this.openedAt = b.openedAt;
        this.lastFailure = b.lastFailure;
        this.inMaintenance = b.inMaintenance;
        this.maintenancePageUrl = b.maintenancePageUrl;
        this.maintenanceMessage = b.maintenanceMessage;
        this.maintenanceSince = b.maintenanceSince;
        this.maintenanceUntil = b.maintenanceUntil;
        this.maintenanceHits = b.maintenanceHits;
        this.draining = b.draining;
        this.drainStart = b.drainStart;
        this.drainDuration = b.drainDuration;
        this.drainRemaining = b.drainRemaining;
        this.drainProgress = b.drainProgress;
        this.drainRejected = b.drainRejected;
        this.lifetimeMaintenanceHits = b.lifetimeMaintenanceHits;
        this.lifetimeDrainRejected = b.lifetimeDrainRejected;
        this.circuitRejected = b.circuitRejected;
        this.requests = b.requests;
        this.passed = b.passed;
        this.errors = b.errors;
        this.maintenanceOptions = b.maintenanceOptions;
        this.readOnlyRejected = b.readOnlyRejected;
        this.held = b.held;
        this.holdReleased = b.holdReleased;
        this.holdTimedOut = b.holdTimedOut;
        this.inFlight = b.inFlight;
        this.maintenanceBegan = b.maintenanceBegan;
        this.stuck = b.stuck;
    }

    /**
     * When the route went into maintenance without a break: {@link #maintenanceSince()}, or earlier
     * when {@code enter} replaced a maintenance in force (new options or page).
     *
     * @return the instant, or {@code null} when not in maintenance
     */
    public Instant maintenanceBegan() {
        return maintenanceBegan;
    }

    /**
     * {@return whether the route has been in maintenance, without a break, for at least the
     * configured {@code stuckAfter} (always {@code false} when that check is off)}
     */
    public boolean stuck() {
        return stuck;
    }

    /** {@return the options of the maintenance in force (mode, status, …), or {@code null} when not in maintenance} */
    public WindowOptions maintenanceOptions() {
        return maintenanceOptions;
    }

    /** {@return the mode of the maintenance in force, or {@code null} when not in maintenance} */
    public MaintenanceMode maintenanceMode() {
        return maintenanceOptions == null ? null : maintenanceOptions.mode();
    }

    /** {@return unsafe requests refused by read-only maintenance since the route was created} */
    public long readOnlyRejected() {
        return readOnlyRejected;
    }

    /** {@return requests parked by a hold right now} */
    public long held() {
        return held;
    }

    /** {@return held requests released to the application since the route was created} */
    public long holdReleased() {
        return holdReleased;
    }

    /** {@return held requests whose hold time ran out since the route was created} */
    public long holdTimedOut() {
        return holdTimedOut;
    }

    /** {@return requests in the application right now; 0 unless in-flight tracking is on} */
    public long inFlight() {
        return inFlight;
    }

    /**
     * {@return a builder for the status of {@code route}: serving, circuit closed, every counter 0}
     *
     * @param route the route described
     */
    public static Builder builder(Route route) {
        return new Builder(route);
    }

    /** {@return the route's id} */
    public String routeId() {
        return route.id();
    }

    /** {@return the route} */
    public Route route() {
        return route;
    }

    /**
     * Effective phase.
     *
     * @return the effective phase: maintenance over draining over serving
     */
    public Phase phase() {
        return phase;
    }

    /**
     * False while the circuit is open.
     *
     * @return {@code false} while the circuit is open, else {@code true}
     */
    public boolean healthy() {
        return healthy;
    }

    /** {@return the breaker's state ({@code CLOSED} when no breaker is configured)} */
    public CircuitState circuitState() {
        return circuitState;
    }

    /** {@return whether a breaker is configured for the route} */
    public boolean circuitConfigured() {
        return circuitConfigured;
    }

    /** {@return the breaker's current failure count} */
    public int failures() {
        return failures;
    }

    /** {@return the breaker's current half-open success count} */
    public int successes() {
        return successes;
    }

    /**
     * When the breaker last opened, or {@code null}.
     *
     * @return the instant, or {@code null}
     */
    public Instant openedAt() {
        return openedAt;
    }

    /**
     * When the last failure was recorded, or {@code null}.
     *
     * @return the instant, or {@code null}
     */
    public Instant lastFailure() {
        return lastFailure;
    }

    /** {@return whether maintenance is in force} */
    public boolean inMaintenance() {
        return inMaintenance;
    }

    /** {@return the custom page URL, or {@code null}} */
    public String maintenancePageUrl() {
        return maintenancePageUrl;
    }

    /** {@return the message, or {@code null} for the default} */
    public String maintenanceMessage() {
        return maintenanceMessage;
    }

    /**
     * When maintenance was entered, or {@code null}.
     *
     * @return the instant, or {@code null}
     */
    public Instant maintenanceSince() {
        return maintenanceSince;
    }

    /**
     * When it ends by itself, or {@code null}.
     *
     * @return the instant, or {@code null}
     */
    public Instant maintenanceUntil() {
        return maintenanceUntil;
    }

    /** {@return the maintenance responses served since maintenance was last entered} */
    public long maintenanceHits() {
        return maintenanceHits;
    }

    /** {@return whether a drain is in force} */
    public boolean draining() {
        return draining;
    }

    /**
     * When the drain started, or {@code null}.
     *
     * @return the instant, or {@code null}
     */
    public Instant drainStart() {
        return drainStart;
    }

    /** {@return the drain period, or {@code null}} */
    public Duration drainDuration() {
        return drainDuration;
    }

    /**
     * Time left in the period ({@code ZERO} when none or over).
     *
     * @return the time left, never negative
     */
    public Duration drainRemaining() {
        return drainRemaining;
    }

    /**
     * Elapsed fraction of the period in {@code [0, 1]} (0 when not draining).
     *
     * @return the elapsed fraction
     */
    public double drainProgress() {
        return drainProgress;
    }

    /** {@return the drain rejections since the drain last started} */
    public long drainRejected() {
        return drainRejected;
    }

    /**
     * Maintenance responses served on the route since it was created; never reset.
     *
     * @return the count
     */
    public long lifetimeMaintenanceHits() {
        return lifetimeMaintenanceHits;
    }

    /**
     * Drain rejections on the route since it was created; never reset.
     *
     * @return the count
     */
    public long lifetimeDrainRejected() {
        return lifetimeDrainRejected;
    }

    /** {@return the responses served because the breaker was open} */
    public long circuitRejected() {
        return circuitRejected;
    }

    /** {@return the requests matched to the route; 0 unless detailed statistics are on} */
    public long requests() {
        return requests;
    }

    /** {@return the requests passed to the application; 0 unless detailed statistics are on} */
    public long passed() {
        return passed;
    }

    /**
     * {@return the passed requests that ended with a 5xx status or an exception; 0 unless detailed statistics
     * or a breaker are on}
     */
    public long errors() {
        return errors;
    }

    @Override
    public String toString() {
        return "RouteStatus[" + route.id() + " " + phase + ", hits=" + maintenanceHits + ", drainRejected="
                + drainRejected + ", circuit=" + circuitState + "]";
    }

    /** Builds a {@link RouteStatus}. Not thread-safe. */
    public static final class Builder {
        private Route route;
        private Phase phase = Phase.SERVING;
        private boolean healthy = true;
        private CircuitState circuitState = CircuitState.CLOSED;
        private boolean circuitConfigured;
        private int failures;
        private int successes;
        private Instant openedAt;
        private Instant lastFailure;
        private boolean inMaintenance;
        private String maintenancePageUrl;
        private String maintenanceMessage;
        private Instant maintenanceSince;
        private Instant maintenanceUntil;
        private long maintenanceHits;
        private boolean draining;
        private Instant drainStart;
        private Duration drainDuration;
        private Duration drainRemaining = Duration.ZERO;
        private double drainProgress;
        private long drainRejected;
        private long lifetimeMaintenanceHits;
        private long lifetimeDrainRejected;
        private long circuitRejected;
        private long requests;
        private long passed;
        private long errors;
        private WindowOptions maintenanceOptions;
        private long readOnlyRejected;
        private long held;
        private long holdReleased;
        private long holdTimedOut;
        private long inFlight;
        private Instant maintenanceBegan;
        private boolean stuck;

        private Builder(Route route) {
            this.route = java.util.Objects.requireNonNull(route, "route");
        }

        /**
         * The effective phase.
         *
         * @param value the effective phase
         * @return this builder
         */
        public Builder phase(Phase value) {
            this.phase = value;
            return this;
        }

        /**
         * The circuit breaker: whether one is configured, its state, counts and times.
         *
         * @param configured whether a breaker is configured
         * @param state the breaker's state; {@code OPEN} makes the route unhealthy
         * @param failureCount the current failure count
         * @param successCount the current half-open success count
         * @param opened when the breaker last opened, or {@code null}
         * @param failed when the last failure was recorded, or {@code null}
         * @return this builder
         */
        public Builder circuit(boolean configured, CircuitState state, int failureCount, int successCount, Instant opened,
                Instant failed) {
            this.circuitConfigured = configured;
            this.circuitState = state;
            this.healthy = state != CircuitState.OPEN;
            this.failures = failureCount;
            this.successes = successCount;
            this.openedAt = opened;
            this.lastFailure = failed;
            return this;
        }

        /**
         * Maintenance in force: page URL, message, since and until (each may be {@code null} but since).
         *
         * @param pageUrl the custom page URL, or {@code null}
         * @param message the message, or {@code null} for the default
         * @param since when maintenance was entered
         * @param until when it ends by itself, or {@code null}
         * @return this builder
         */
        public Builder maintenance(String pageUrl, String message, Instant since, Instant until) {
            this.inMaintenance = true;
            this.maintenancePageUrl = pageUrl;
            this.maintenanceMessage = message;
            this.maintenanceSince = since;
            this.maintenanceUntil = until;
            return this;
        }

        /**
         * A drain in force: start, period, time left and progress in {@code [0, 1]}.
         *
         * @param start when the drain started
         * @param duration the drain period
         * @param remaining the time left
         * @param progress the elapsed fraction, in {@code [0, 1]}
         * @return this builder
         */
        public Builder drain(Instant start, Duration duration, Duration remaining, double progress) {
            this.draining = true;
            this.drainStart = start;
            this.drainDuration = duration;
            this.drainRemaining = remaining;
            this.drainProgress = progress;
            return this;
        }

        /**
         * The counters.
         *
         * @param hits maintenance responses since maintenance was entered
         * @param drainRejections drain rejections since the drain started
         * @param circuitRejections responses served because the breaker was open
         * @param requestCount requests matched to the route
         * @param passedCount requests passed to the application
         * @param errorCount passed requests that ended with a 5xx status or an exception
         * @return this builder
         */
        public Builder counts(long hits, long drainRejections, long circuitRejections, long requestCount, long passedCount,
                long errorCount) {
            this.maintenanceHits = hits;
            this.drainRejected = drainRejections;
            this.circuitRejected = circuitRejections;
            this.requests = requestCount;
            this.passed = passedCount;
            this.errors = errorCount;
            return this;
        }

        /**
         * The counters that are never reset: maintenance hits and drain rejections since the route was created.
         *
         * @param hits maintenance responses since the route was created
         * @param drainRejections drain rejections since the route was created
         * @return this builder
         */
        public Builder lifetime(long hits, long drainRejections) {
            this.lifetimeMaintenanceHits = hits;
            this.lifetimeDrainRejected = drainRejections;
            return this;
        }

        /**
         * The options of the maintenance in force.
         *
         * @param value the options, or {@code null} when not in maintenance
         * @return this builder
         */
        public Builder maintenanceOptions(WindowOptions value) {
            this.maintenanceOptions = value;
            return this;
        }

        /**
         * The read-only, hold and in-flight counters.
         *
         * @param readOnlyRejections unsafe requests refused by read-only maintenance
         * @param heldNow requests parked right now
         * @param released held requests released to the application
         * @param timedOut held requests whose hold time ran out
         * @param inFlightNow requests in the application right now (0 when not tracked)
         * @return this builder
         */
        public Builder modeCounts(long readOnlyRejections, long heldNow, long released, long timedOut, long inFlightNow) {
            this.readOnlyRejected = readOnlyRejections;
            this.held = heldNow;
            this.holdReleased = released;
            this.holdTimedOut = timedOut;
            this.inFlight = inFlightNow;
            return this;
        }

        /**
         * When the maintenance in force began without a break, and whether it has lasted longer
         * than the configured threshold.
         *
         * @param value when it began, or {@code null} when not in maintenance
         * @param longerThanThreshold whether it counts as stuck
         * @return this builder
         */
        public Builder began(Instant value, boolean longerThanThreshold) {
            this.maintenanceBegan = value;
            this.stuck = longerThanThreshold;
            return this;
        }

        /** {@return the immutable status} */
        public RouteStatus build() {
            return new RouteStatus(this);
        }
    }
}
