package io.github.maintenance.micrometer;

/**
 * The meter names under one prefix, in Micrometer's dot notation (a registry's naming convention
 * turns {@code maintenance.drain.rejected} into {@code maintenance_drain_rejected_total} for
 * Prometheus). Route meters and totals have distinct names, because Prometheus requires every
 * series of one name to have the same tag keys. Immutable.
 */
record MeterNames(String prefix) {

    /** The tag naming the route: its id, {@code *} for the catch-all. */
    static final String ROUTE_TAG = "route";

    /** The tag naming the state of a state-set gauge. */
    static final String STATE_TAG = "state";

    String routeState() {
        return prefix + ".route.state";
    }

    String hits() {
        return prefix + ".hits";
    }

    String drainRejected() {
        return prefix + ".drain.rejected";
    }

    String drainProgress() {
        return prefix + ".drain.progress";
    }

    String drainRemaining() {
        return prefix + ".drain.remaining";
    }

    String stuck() {
        return prefix + ".stuck";
    }

    String circuitState() {
        return prefix + ".circuit.state";
    }

    String circuitRejected() {
        return prefix + ".circuit.rejected";
    }

    String requests() {
        return prefix + ".requests";
    }

    String passed() {
        return prefix + ".passed";
    }

    String errors() {
        return prefix + ".errors";
    }

    String lifetimeHits() {
        return prefix + ".lifetime.hits";
    }

    String lifetimeDrainRejected() {
        return prefix + ".lifetime.drain.rejected";
    }

    String lifetimeCircuitRejected() {
        return prefix + ".lifetime.circuit.rejected";
    }

    String lifetimeRequests() {
        return prefix + ".lifetime.requests";
    }

    String lifetimePassed() {
        return prefix + ".lifetime.passed";
    }

    String lifetimeErrors() {
        return prefix + ".lifetime.errors";
    }

    String storeAvailable() {
        return prefix + ".store.available";
    }

    String storeDamaged() {
        return prefix + ".store.damaged";
    }

    String schedulesPending() {
        return prefix + ".schedules.pending";
    }
}
