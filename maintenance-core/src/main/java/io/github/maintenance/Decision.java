package io.github.maintenance;

import io.github.maintenance.internal.CircuitBreakerStateMachine;
import io.github.maintenance.internal.IdleSignal;
import io.github.maintenance.internal.RouteCounters;
import io.github.maintenance.internal.TrafficRecorder;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.MaintenanceState;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * What to do with one request, as decided by {@link MaintenanceSnapshot#decide(String, String)}.
 *
 * <p>Decisions are pre-built when a snapshot is published, one set per route, so deciding never
 * allocates. The caller (the servlet filter) reports back what it did: {@link #recordBlocked()}
 * when it served the blocking response, {@link #recordOutcome(int, Throwable, long)} when the request
 * went to the application (because it was not blocked, or because it was exempt). Those feed the
 * counters and the circuit breaker.
 *
 * <p>Immutable and thread-safe; shared by all requests that get the same decision.
 */
public final class Decision {

    /** The possible outcomes, by precedence. */
    public enum Action {
        /** Pass to the application. */
        PASS,
        /** Serve the maintenance response. */
        MAINTENANCE,
        /** Serve the drain rejection. */
        DRAIN_REJECT,
        /** Serve the maintenance page because the route's circuit breaker is open. */
        CIRCUIT_OPEN
    }

    /** Pass, matched to no particular route (nothing is blocked and nothing is tracked). */
    public static final Decision PASS = new Builder(Action.PASS, null).build();

    private final Action action;
    private final Route route;
    private final MaintenanceState maintenance;
    private final RenderedPage page;
    private final String pageUrl;
    private final long retryAfterSeconds;
    private final RouteCounters counters;
    private final LongAdder windowHits;
    private final CircuitBreakerStateMachine breaker;
    private final Clock clock;
    private final boolean detailed;
    private final String scheduled;
    private final boolean inFlight;
    private final IdleSignal idle;

    private Decision(Builder b) {
        this.action = b.action;
        this.route = b.route;
        this.maintenance = b.maintenance;
        this.page = b.page;
        this.pageUrl = b.pageUrl;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.counters = b.counters;
        this.windowHits = b.windowHits;
        this.breaker = b.breaker;
        this.clock = b.clock;
        this.detailed = b.detailed;
        this.scheduled = b.scheduled;
        this.inFlight = b.idle != null && b.counters != null;
        this.idle = b.idle;
    }

    /** Starts a decision of {@code action} on {@code route}; the controller builds them when it publishes a snapshot. */
    static Builder builder(Action action, Route route) {
        return new Builder(action, route);
    }

    /** Builds a {@link Decision}; used by the controller only. Not thread-safe. */
    static final class Builder {
        private final Action action;
        private final Route route;
        private MaintenanceState maintenance;
        private RenderedPage page;
        private String pageUrl;
        private long retryAfterSeconds;
        private RouteCounters counters;
        private LongAdder windowHits;
        private CircuitBreakerStateMachine breaker;
        private Clock clock;
        private boolean detailed;
        private String scheduled;
        private IdleSignal idle;

        private Builder(Action action, Route route) {
            this.action = action;
            this.route = route;
        }

        /** The maintenance in force, with its custom page URL (for {@link Action#MAINTENANCE}). */
        Builder maintenance(MaintenanceState value) {
            this.maintenance = value;
            this.pageUrl = value == null ? null : value.pageUrl();
            return this;
        }

        /** The pre-rendered body and the {@code Retry-After} of a blocking decision. */
        Builder response(RenderedPage body, long retryAfter) {
            this.page = body;
            this.retryAfterSeconds = retryAfter;
            return this;
        }

        /** Where outcomes are recorded: the route's counters and breaker, the clock, whether detailed statistics are on. */
        Builder tracking(RouteCounters routeCounters, CircuitBreakerStateMachine routeBreaker, Clock time,
                boolean detailedStatistics) {
            this.counters = routeCounters;
            this.breaker = routeBreaker;
            this.clock = time;
            this.detailed = detailedStatistics;
            return this;
        }

        /** The hit counter of the maintenance window that makes this decision (for {@link Action#MAINTENANCE}). */
        Builder window(LongAdder hits) {
            this.windowHits = hits;
            return this;
        }

        /** The {@code X-Maintenance-Scheduled} value of a passing decision, or {@code null}. */
        Builder scheduled(String announcement) {
            this.scheduled = announcement;
            return this;
        }

        /**
         * Makes {@link Decision#inFlightStarted()} and {@link Decision#inFlightEnded()} count, the
         * latter waking {@code signal}'s waiters; {@code null} (the default) counts nothing.
         */
        Builder inFlight(IdleSignal signal) {
            this.idle = signal;
            return this;
        }

        Decision build() {
            return new Decision(this);
        }
    }

    /** {@return what to do with the request} */
    public Action action() {
        return action;
    }

    /** {@return whether the request is to be blocked (subject to exemptions)} */
    public boolean isBlocked() {
        return action != Action.PASS;
    }

    /** {@return the matched route, or {@code null} for {@link #PASS}} */
    public Route route() {
        return route;
    }

    /** {@return the maintenance in force for {@link Action#MAINTENANCE}, else {@code null}} */
    public MaintenanceState maintenance() {
        return maintenance;
    }

    /**
     * {@return how the maintenance of a {@link Action#MAINTENANCE} decision treats requests;
     * {@link MaintenanceMode#FULL} for every other decision}
     */
    public MaintenanceMode mode() {
        return maintenance == null ? MaintenanceMode.FULL : maintenance.options().mode();
    }

    /** {@return the options of the maintenance in force, or {@link WindowOptions#DEFAULTS}} */
    public WindowOptions options() {
        return maintenance == null ? WindowOptions.DEFAULTS : maintenance.options();
    }

    /**
     * Counts an unsafe request refused by a read-only maintenance (instead of
     * {@link #recordBlocked()}, which counts it as a maintenance hit).
     */
    public void recordReadOnlyRejected() {
        if (counters != null) {
            counters.readOnlyRejected.increment();
        }
    }

    /**
     * Counts a request going into the application; pair it with {@link #inFlightEnded()} when
     * the request ends (also after an asynchronous completion or an exception). Does nothing
     * unless in-flight tracking is on.
     */
    public void inFlightStarted() {
        if (inFlight) {
            counters.inFlight.increment();
        }
    }

    /**
     * Counts the end of a request counted by {@link #inFlightStarted()} and wakes the threads
     * waiting in {@link MaintenanceController#awaitIdle}; does nothing unless tracking is on.
     */
    public void inFlightEnded() {
        if (inFlight) {
            counters.inFlight.decrement();
            idle.wake();
        }
    }

    /**
     * Whether {@link #inFlightStarted()} and {@link #inFlightEnded()} count (in-flight tracking
     * is on and the decision belongs to a route): lets the caller skip pairing them otherwise.
     *
     * @return whether requests in the application are counted
     */
    public boolean tracksInFlight() {
        return inFlight;
    }

    /** Counts a request parked by a hold; pair it with {@link #recordHoldEnded(boolean)}. */
    public void recordHeld() {
        if (counters != null) {
            counters.heldNow.increment();
        }
    }

    /**
     * Counts a parked request let go.
     *
     * @param released {@code true} when it went on to the application, {@code false} when its
     *                 hold time ran out and it got the maintenance response
     */
    public void recordHoldEnded(boolean released) {
        if (counters != null) {
            counters.heldNow.decrement();
            (released ? counters.holdReleased : counters.holdTimedOut).increment();
        }
    }

    /** {@return the pre-rendered built-in body of a blocking decision, else {@code null}} */
    public RenderedPage page() {
        return page;
    }

    /** {@return the custom page URL to fetch for {@link Action#MAINTENANCE}, or {@code null}} */
    public String pageUrl() {
        return pageUrl;
    }

    /**
     * For a passing request on a route with an announced maintenance window, the value of the
     * {@code X-Maintenance-Scheduled} header ({@code <start>/<end>}, ISO-8601); else {@code null}.
     *
     * @return the header value, or {@code null}
     */
    public String scheduled() {
        return scheduled;
    }

    /** {@return the {@code Retry-After} in seconds of a blocking decision, else 0} */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * Whether {@link #recordOutcome(int, Throwable, long)} does anything (a circuit breaker or
     * detailed statistics): lets the caller skip measuring the response otherwise.
     *
     * @return whether outcomes are recorded
     */
    public boolean tracksOutcome() {
        return breaker != null || detailed;
    }

    /**
     * Whether the time spent in the application is recorded (detailed statistics): lets the
     * caller skip reading the clock otherwise.
     *
     * @return whether latency is recorded
     */
    public boolean measuresLatency() {
        return detailed && counters != null;
    }

    /**
     * Counts the blocking response that was served for this decision. A maintenance hit counts in
     * the window that made this decision, even when that window has closed since.
     */
    public void recordBlocked() {
        if (counters == null) {
            return;
        }
        switch (action) {
            case MAINTENANCE -> {
                counters.maintenanceHits.increment();
                if (windowHits != null) {
                    windowHits.increment();
                }
            }
            case DRAIN_REJECT -> counters.drainRejected.increment();
            case CIRCUIT_OPEN -> counters.circuitRejected.increment();
            default -> {
            }
        }
    }

    /**
     * Reports how the application answered a request that went through, without a latency.
     *
     * @param status    the response status
     * @param exception whether the application threw
     */
    public void recordOutcome(int status, boolean exception) {
        record(status, null, exception, -1);
    }

    /**
     * Reports how the application answered a request that went through.
     *
     * @param status       the response status (500 when it threw)
     * @param thrown       what the application threw, or {@code null}
     * @param elapsedNanos time spent in the application ({@code System.nanoTime} difference), or
     *                     negative when not measured
     */
    public void recordOutcome(int status, Throwable thrown, long elapsedNanos) {
        record(status, thrown, thrown != null, elapsedNanos);
    }

    private void record(int status, Throwable thrown, boolean exception, long elapsedNanos) {
        if (counters == null) {
            return;
        }
        boolean failure = exception || status >= 500;
        if (detailed) {
            counters.passed.increment();
            TrafficRecorder traffic = counters.traffic;
            if (traffic != null) {
                traffic.record(status, thrown, exception, elapsedNanos, failure ? clock.millis() : 0);
            }
        }
        if (failure && (detailed || breaker != null)) {
            counters.errors.increment();
        }
        if (breaker != null) {
            long now = clock.millis();
            if (failure) {
                breaker.onFailure(now);
            } else {
                breaker.onSuccess(now);
            }
        }
    }

    @Override
    public String toString() {
        return "Decision[" + action + (route == null ? "" : " " + route.id()) + "]";
    }
}
