package io.github.maintenance;

import io.github.maintenance.internal.CircuitBreakerStateMachine;
import io.github.maintenance.internal.RouteCounters;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * An immutable picture of every route and its state, published by the controller on each change.
 * The request path reads one snapshot (a single volatile read in
 * {@link MaintenanceController#snapshot()}) and decides from it without locking.
 *
 * <p>{@link #isIdle()} is true when no route is blocked and nothing needs tracking (no circuit
 * breaker, no detailed statistics): then every request passes and no route match is needed at
 * all. Otherwise {@link #decide(String, String)} matches the route and applies, by precedence,
 * maintenance, drain and the open circuit, without allocating.
 *
 * <p>Thread-safe.
 */
public final class MaintenanceSnapshot {

    /** Pre-computed per-route data; index-aligned with the route table. */
    static final class Entry {
        final Route route;
        final RouteState state;
        final RouteCounters counters;
        final CircuitBreakerStateMachine breaker;
        final long untilMillis;
        final long drainStartMillis;
        final long drainEndMillis;
        final double drainMillis;
        final DrainPolicy drainPolicy;
        final boolean drainThenMaintenance;
        final Decision pass;
        final Decision maintenance;
        final Decision drainReject;
        final Decision afterDrain;
        final Decision circuitOpen;

        Entry(Route route, RouteState state, RouteCounters counters, CircuitBreakerStateMachine breaker,
                Decision pass, Decision maintenance, Decision drainReject, Decision afterDrain, Decision circuitOpen) {
            this.route = route;
            this.state = state;
            this.counters = counters;
            this.breaker = breaker;
            MaintenanceState m = state.maintenance();
            this.untilMillis = m == null || m.until() == null ? Long.MAX_VALUE : m.until().toEpochMilli();
            DrainState d = state.drain();
            this.drainStartMillis = d == null ? 0 : d.start().toEpochMilli();
            this.drainEndMillis = d == null ? 0 : drainStartMillis + d.duration().toMillis();
            this.drainMillis = d == null ? 1 : d.duration().toMillis();
            this.drainPolicy = d == null ? null : d.policy();
            this.drainThenMaintenance = d != null && d.afterDrain() == AfterDrain.ENTER_MAINTENANCE;
            this.pass = pass;
            this.maintenance = maintenance;
            this.drainReject = drainReject;
            this.afterDrain = afterDrain;
            this.circuitOpen = circuitOpen;
        }
    }

    private final long version;
    private final RouteTable table;
    private final Entry[] entries;
    private final boolean idle;
    private final boolean domainsBlocking;
    private final boolean detailed;
    private final Clock clock;
    private final RandomGenerator random;
    private final String[] exemptPaths;

    MaintenanceSnapshot(long version, RouteTable table, Entry[] entries, boolean idle, boolean detailed, Clock clock,
            RandomGenerator random, String[] exemptPaths) {
        this.version = version;
        this.table = table;
        this.entries = entries;
        this.idle = idle;
        this.detailed = detailed;
        this.domainsBlocking = anyDomainRouteBlocking(table, entries);
        this.clock = clock;
        this.random = random;
        this.exemptPaths = exemptPaths;
    }

    private static boolean anyDomainRouteBlocking(RouteTable table, Entry[] entries) {
        if (!table.hasDomainRoutes()) {
            return false;
        }
        for (Entry e : entries) {
            if (!e.route.isCatchAll() && e.route.path().equals("/") && !e.route.domains().isEmpty()
                    && (e.maintenance != null || e.drainPolicy != null)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the state version this snapshot shows (increases with every change)} */
    public long version() {
        return version;
    }

    /** {@return the routes, the catch-all first} */
    public RouteTable routes() {
        return table;
    }

    /**
     * {@return the state of the route with this id, or {@code null} when there is no such route}
     *
     * @param routeId the route's id
     */
    public RouteState state(String routeId) {
        int i = table.indexOf(routeId);
        return i < 0 ? null : entries[i].state;
    }

    /**
     * Whether {@code path} lies under one of the path prefixes exempted at run time
     * ({@link MaintenanceController#setExemptPaths}), segment by segment. Neither allocates nor
     * locks; the filter asks only for requests that would be blocked.
     *
     * @param path the normalised request path
     * @return whether the path is exempted at run time
     */
    public boolean isExemptPath(String path) {
        String[] prefixes = exemptPaths;
        for (int i = 0; i < prefixes.length; i++) {
            if (Route.prefixCovers(prefixes[i], path)) {
                return true;
            }
        }
        return false;
    }

    /** {@return whether every request passes with nothing to match or count} */
    public boolean isIdle() {
        return idle;
    }

    /**
     * Decides what to do with a request. Neither allocates nor locks.
     *
     * <p><b>Which state applies.</b> A request belongs to the route the table matches for its host
     * and path (the winning route) and, when a route of path {@code /} names its host, to that
     * domain route as well ({@link RouteTable#domainRoute(String)}). It is in maintenance when the
     * global switch is on (maintenance entered for {@code ALL} puts every route, the catch-all
     * included, in maintenance), or its host's domain route is in maintenance, or the winning
     * route is: a domain target covers every request for that host, whichever path route would
     * win. Likewise a draining domain drains all its paths: the request is rejected when either
     * route's drain rejects it. By precedence: maintenance of the winning route, then of the
     * domain route, then the drain of either, then the winning route's open circuit; the decision
     * returned is that of the route whose state applies (its counters count the hit). When no
     * domain route is in maintenance or draining, nothing beyond the single match is done.
     *
     * @param host the request's host name (a port is ignored), may be {@code null}
     * @param path the decoded, normalised path within the application, starting with {@code /}
     * @return the pre-built decision for the request
     */
    public Decision decide(String host, String path) {
        if (idle) {
            return Decision.PASS;
        }
        int winner = table.match(host, path);
        Entry e = entries[winner];
        if (detailed) {
            e.counters.requests.increment();
        }
        Entry domain = null;
        if (domainsBlocking) {
            int d = table.domainRoute(host);
            if (d > 0 && d != winner && (entries[d].maintenance != null || entries[d].drainPolicy != null)) {
                domain = entries[d];
            }
        }
        long now = Long.MIN_VALUE;
        if (e.maintenance != null) {
            if (e.untilMillis == Long.MAX_VALUE) {
                return e.maintenance;
            }
            now = clock.millis();
            if (now < e.untilMillis) {
                return e.maintenance;
            }
            // until reached; the timer makes it official shortly, the request already passes.
        }
        if (domain != null && domain.maintenance != null) {
            if (domain.untilMillis == Long.MAX_VALUE) {
                return domain.maintenance;
            }
            if (now == Long.MIN_VALUE) {
                now = clock.millis();
            }
            if (now < domain.untilMillis) {
                return domain.maintenance;
            }
        }
        if (e.drainPolicy != null || domain != null && domain.drainPolicy != null) {
            if (now == Long.MIN_VALUE) {
                now = clock.millis();
            }
            Decision rejected = drained(e, now);
            if (rejected == null && domain != null) {
                rejected = drained(domain, now);
            }
            if (rejected != null) {
                return rejected;
            }
        }
        if (e.breaker != null) {
            if (now == Long.MIN_VALUE) {
                now = clock.millis();
            }
            if (!e.breaker.allowRequest(now)) {
                return e.circuitOpen;
            }
        }
        return e.pass;
    }

    /** The rejection of a draining route's entry at {@code now}, or {@code null} when the request passes its drain. */
    private Decision drained(Entry e, long now) {
        if (e.drainPolicy == null) {
            return null;
        }
        if (now >= e.drainEndMillis) {
            return e.drainThenMaintenance ? e.afterDrain : e.drainReject;
        }
        double progress = now <= e.drainStartMillis ? 0.0 : (now - e.drainStartMillis) / e.drainMillis;
        double p = e.drainPolicy.rejectProbability(progress);
        return p > 0 && (p >= 1 || draw() < p) ? e.drainReject : null;
    }

    private double draw() {
        RandomGenerator r = random;
        return r == null ? ThreadLocalRandom.current().nextDouble() : r.nextDouble();
    }

    Entry entry(int index) {
        return entries[index];
    }

    int size() {
        return entries.length;
    }
}
