package io.github.maintenance.internal;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The per-route objects that outlive a version: counters and circuit-breaker state machines,
 * keyed by route id, plus the totals of routes that were removed.
 *
 * <p>Changed only by the controller while it holds its lock (on commit); the request path reaches
 * counters and breakers through the published snapshot, never through these maps.
 */
public final class RouteResources {

    private final boolean detailed;
    private final BiFunction<String, CircuitBreakerConfig, CircuitBreakerStateMachine> breakerFactory;
    private final Map<String, RouteCounters> counters = new HashMap<>();
    private final Map<String, CircuitBreakerStateMachine> breakers = new HashMap<>();
    private final long[] retired = new long[6];
    /**
     * The route table the counters were last brought in line with: a state with the same table
     * (a change or an adopted state that added or removed no route) needs no pass over the routes.
     */
    private RouteTable reconciled;

    /**
     * @param detailed       whether counters record traffic statistics
     * @param breakerFactory makes the breaker of a route from its settings
     */
    public RouteResources(boolean detailed,
            BiFunction<String, CircuitBreakerConfig, CircuitBreakerStateMachine> breakerFactory) {
        this.detailed = detailed;
        this.breakerFactory = breakerFactory;
    }

    /** The counters of a route, made when first asked for. */
    public RouteCounters counters(String id) {
        return counters.computeIfAbsent(id, k -> new RouteCounters(detailed));
    }

    /** The breaker of a route, or {@code null}. */
    public CircuitBreakerStateMachine breaker(String id) {
        return breakers.get(id);
    }

    /** Whether any route has a breaker. */
    public boolean hasBreakers() {
        return !breakers.isEmpty();
    }

    /**
     * Brings counters and breakers in line with a new state: the counters of routes that are gone
     * go into the retired totals, breakers are made, replaced ({@code fresh}, or new settings) or
     * dropped as the state's breaker settings say.
     */
    public void reconcile(ControlState state, Set<String> fresh) {
        // The same table, and no counters made since for a route outside it: nothing to retire or make.
        boolean sameRoutes = state.table() == reconciled && counters.size() == reconciled.size();
        if (!sameRoutes) {
            for (var it = counters.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (state.table().find(e.getKey()) == null) {
                    add(retired, e.getValue());
                    it.remove();
                }
            }
        }
        breakers.keySet().removeIf(id -> !state.breakers().containsKey(id));
        for (Map.Entry<String, CircuitBreakerConfig> e : state.breakers().entrySet()) {
            CircuitBreakerStateMachine b = breakers.get(e.getKey());
            if (b == null || b.config() != e.getValue() || fresh.contains(e.getKey())) {
                breakers.put(e.getKey(), breakerFactory.apply(e.getKey(), e.getValue()));
            }
        }
        if (!sameRoutes) {
            for (Route r : state.table().routes()) {
                counters(r.id());
            }
            reconciled = state.table();
        }
    }

    /**
     * Sums of circuit-rejected, requests, passed, errors, maintenance hits and drain rejected over
     * the routes that were removed.
     */
    public long[] retiredSums() {
        return retired.clone();
    }

    /** Adds the lifetime counts of {@code c} to {@code sums}, in the order of {@link #retiredSums()}. */
    public static void add(long[] sums, RouteCounters c) {
        sums[0] += c.circuitRejected.sum();
        sums[1] += c.requests.sum();
        sums[2] += c.passed.sum();
        sums[3] += c.errors.sum();
        sums[4] += c.maintenanceHits.sum();
        sums[5] += c.drainRejected.sum();
    }
}
