package io.github.maintenance.micrometer;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.state.Phase;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.stats.RouteStatus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one route, in every registry they are bound to, and the readings behind them.
 *
 * <p>Meters keep only a weak reference to this object (Micrometer's rule for gauges and function
 * counters), and their functions capture nothing else, so a registry never keeps the controller
 * alive; {@link MaintenanceMetrics} keeps this object strongly as long as the route has meters.
 * Each reading is one lock-free look-up in the controller's current snapshot; a route that
 * disappeared between a change and the re-sync reads NaN. Registration and removal happen under
 * the binder's lock.
 */
final class RouteMeters {

    /** A meter and the registry it is registered in. */
    private record Registered(MeterRegistry registry, Meter meter) {
    }

    private final String routeId;
    private final MaintenanceController controller;
    private final MeterNames names;
    private final Tags tags;
    private final List<Registered> meters = new ArrayList<>();
    private final List<Registered> circuitMeters = new ArrayList<>();
    private boolean circuit;

    RouteMeters(String routeId, MaintenanceController controller, MeterNames names, Tags commonTags) {
        this.routeId = routeId;
        this.controller = controller;
        this.names = names;
        this.tags = commonTags.and(MeterNames.ROUTE_TAG, routeId);
    }

    /** Registers this route's meters in {@code registry} (the circuit meters too, when it has a breaker). */
    void register(MeterRegistry registry, boolean detailed) {
        for (Phase p : Phase.values()) {
            add(meters, registry, Gauge.builder(names.routeState(), this, m -> m.phaseIs(p))
                    .description("1 for the route's current state, 0 for the others")
                    .tags(tags).tag(MeterNames.STATE_TAG, p.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        add(meters, registry, FunctionCounter.builder(names.hits(), this, RouteMeters::hits)
                .description("Maintenance responses served on the route since it was created")
                .tags(tags).register(registry));
        add(meters, registry, FunctionCounter.builder(names.drainRejected(), this, RouteMeters::drainRejected)
                .description("Requests rejected by the route's drains since it was created")
                .tags(tags).register(registry));
        add(meters, registry, Gauge.builder(names.drainProgress(), this, RouteMeters::drainProgress)
                .description("Elapsed fraction of the route's drain period, 0 to 1 (0 when not draining)")
                .tags(tags).register(registry));
        add(meters, registry, TimeGauge.builder(names.drainRemaining(), this, TimeUnit.MILLISECONDS,
                RouteMeters::drainRemainingMillis)
                .description("Time left in the route's drain period (0 when not draining)")
                .tags(tags).register(registry));
        add(meters, registry, Gauge.builder(names.stuck(), this, RouteMeters::stuck)
                .description("1 while the route has been in maintenance longer than the controller's stuckAfter, "
                        + "else 0")
                .tags(tags).register(registry));
        if (detailed) {
            add(meters, registry, FunctionCounter.builder(names.requests(), this, RouteMeters::requests)
                    .description("Requests matched to the route (detailed statistics)")
                    .tags(tags).register(registry));
            add(meters, registry, FunctionCounter.builder(names.passed(), this, RouteMeters::passed)
                    .description("Requests passed to the application on the route (detailed statistics)")
                    .tags(tags).register(registry));
            add(meters, registry, FunctionCounter.builder(names.errors(), this, RouteMeters::errors)
                    .description("Passed requests that ended with a 5xx status or an exception (detailed "
                            + "statistics)")
                    .tags(tags).register(registry));
        }
        if (circuit) {
            registerCircuit(registry);
        }
    }

    /** Adds or removes the circuit meters in every registry so that they exist exactly when the route has a breaker. */
    void circuit(boolean configured, List<MeterRegistry> registries) {
        if (configured == circuit) {
            return;
        }
        circuit = configured;
        if (configured) {
            for (MeterRegistry r : registries) {
                registerCircuit(r);
            }
        } else {
            removeAll(circuitMeters);
        }
    }

    private void registerCircuit(MeterRegistry registry) {
        for (CircuitState s : CircuitState.values()) {
            add(circuitMeters, registry, Gauge.builder(names.circuitState(), this, m -> m.circuitIs(s))
                    .description("1 for the current state of the route's circuit breaker, 0 for the others")
                    .tags(tags).tag(MeterNames.STATE_TAG, s.wireName())
                    .register(registry));
        }
        add(circuitMeters, registry, FunctionCounter.builder(names.circuitRejected(), this,
                RouteMeters::circuitRejected)
                .description("Requests answered with the maintenance response because the circuit was open")
                .tags(tags).register(registry));
    }

    /** Removes this route's meters from {@code registry} only. */
    void remove(MeterRegistry registry) {
        removeIf(meters, registry);
        removeIf(circuitMeters, registry);
    }

    /** Removes every meter of this route from every registry. */
    void removeAll() {
        removeAll(meters);
        removeAll(circuitMeters);
    }

    private static void add(List<Registered> into, MeterRegistry registry, Meter meter) {
        into.add(new Registered(registry, meter));
    }

    private static void removeAll(List<Registered> list) {
        for (Registered r : list) {
            r.registry().remove(r.meter());
        }
        list.clear();
    }

    private static void removeIf(List<Registered> list, MeterRegistry registry) {
        for (Iterator<Registered> it = list.iterator(); it.hasNext(); ) {
            Registered r = it.next();
            if (r.registry() == registry) {
                registry.remove(r.meter());
                it.remove();
            }
        }
    }

    // ---- readings -------------------------------------------------------------------------------

    private RouteStatus status() {
        try {
            return controller.status(routeId);
        } catch (MaintenanceException e) {
            return null; // removed; the re-sync drops the meters
        }
    }

    private double phaseIs(Phase p) {
        RouteState s = controller.snapshot().state(routeId);
        return s == null ? Double.NaN : s.phase() == p ? 1.0 : 0.0;
    }

    private double circuitIs(CircuitState c) {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.circuitState() == c ? 1.0 : 0.0;
    }

    private double hits() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.lifetimeMaintenanceHits();
    }

    private double drainRejected() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.lifetimeDrainRejected();
    }

    private double drainProgress() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.drainProgress();
    }

    private double drainRemainingMillis() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.drainRemaining().toMillis();
    }

    private double stuck() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.stuck() ? 1.0 : 0.0;
    }

    private double circuitRejected() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.circuitRejected();
    }

    private double requests() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.requests();
    }

    private double passed() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.passed();
    }

    private double errors() {
        RouteStatus s = status();
        return s == null ? Double.NaN : s.errors();
    }
}
