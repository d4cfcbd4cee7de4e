package io.github.maintenance.internal;

import io.github.maintenance.Cause;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.audit.AuditTrail;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.event.MaintenanceEvent.Type;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns committed transitions into {@link AuditEntry audit entries}: one per notice (one per
 * change that changed something), one per state adopted from another instance, one per circuit
 * breaker transition. Keeps them in the controller's {@link AuditTrail} and, when the state store
 * is an {@link AuditStore}, appends them there (a failing store is logged and the entry stays in
 * memory), and its queries read the store, so every instance lists the changes of the whole
 * cluster with their actors and reasons. Without such a store, a state adopted from a peer is
 * recorded in memory as a {@code PEER} entry.
 *
 * <p>Thread-safe (the trail and the store are).
 */
public final class AuditRecorder {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.maintenance.MaintenanceController");

    private final AuditTrail trail;
    private final AuditStore store;
    private final Clock clock;
    private final String instance;

    /** A recorder into a new trail bounded by {@code policy}; loads the store's recent entries. */
    public AuditRecorder(AuditPolicy policy, StateStore stateStore, Clock clock, String instance) {
        this.clock = clock;
        this.instance = instance;
        this.store = policy.enabled() && stateStore instanceof AuditStore a ? a : null;
        AuditStore shared = store;
        this.trail = shared == null ? new AuditTrail(policy, clock)
                : AuditTrail.shared(policy, clock, () -> shared.recentAudit(policy, clock.instant()));
        if (store != null) {
            try {
                trail.load(store.recentAudit(policy, clock.instant()));
            } catch (RuntimeException e) {
                LOG.warn("Could not read the audit trail from the state store ({}); it starts empty", e.toString());
            }
        }
    }

    /** The trail. */
    public AuditTrail trail() {
        return trail;
    }

    /** Records the notices of a committed transition that reached {@code version}. */
    public void changes(List<Transition.Notice> notices, Instant at, long version) {
        if (!trail.policy().enabled() || notices.isEmpty()) {
            return;
        }
        List<AuditEntry> entries = new ArrayList<>(notices.size());
        for (Transition.Notice n : notices) {
            Cause c = n.cause();
            entries.add(new AuditEntry(at, instance, c.source(), c.actor(), c.reason(), action(n.type()), n.target(),
                    n.routeIds(), summaries(n.before()), summaries(n.after()), n.detail(), version));
        }
        record(entries, true);
    }

    /**
     * Records a state adopted from another instance, when it changed anything. Not with a store
     * that keeps the trail: the instance that made the change appended its entry (with its actor
     * and reason) there, and this trail reads it from the store.
     */
    public void synchronised(ControlState before, ControlState after, Instant at) {
        if (!trail.policy().enabled() || store != null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        Map<String, String> was = new LinkedHashMap<>();
        Map<String, String> now = new LinkedHashMap<>();
        for (Route r : after.table().routes()) {
            RouteState b = before.stateOf(r.id());
            RouteState a = after.stateOf(r.id());
            if (!b.equals(a)) {
                ids.add(r.id());
                was.put(r.id(), summary(b));
                now.put(r.id(), summary(a));
            }
        }
        record(List.of(new AuditEntry(at, instance, Cause.Source.PEER, "", "", "sync", "", ids, was, now,
                "version " + after.version(), after.version())), false);
    }

    /** Records a circuit breaker transition of a route. */
    public void breaker(String routeId, CircuitState from, CircuitState to, String detail, long version, Instant at) {
        if (!trail.policy().enabled()) {
            return;
        }
        record(List.of(new AuditEntry(at, instance, Cause.Source.CIRCUIT_BREAKER, routeId, "",
                "breaker-" + to.wireName(), routeId, List.of(routeId), Map.of(routeId, "breaker " + from.wireName()),
                Map.of(routeId, "breaker " + to.wireName()), detail, version)), true);
    }

    private void record(List<AuditEntry> entries, boolean persist) {
        entries.forEach(trail::record);
        if (persist && store != null) {
            try {
                store.appendAudit(entries, trail.policy(), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Could not append to the audit trail in the state store ({}); the entry is kept in memory",
                        e.toString());
            }
        }
    }

    /** The audit action of a notice's type. */
    static String action(Type type) {
        if (type == null) {
            return "exempt-paths";
        }
        return switch (type) {
            case MAINTENANCE_ENTERED -> "enter";
            case MAINTENANCE_EXITED -> "exit";
            case DRAIN_STARTED -> "drain";
            case DRAIN_CANCELLED -> "cancel";
            case DRAIN_COMPLETED -> "drain-over";
            case SCHEDULE_CREATED -> "schedule";
            case SCHEDULE_CANCELLED -> "unschedule";
            case ROUTE_ADDED -> "route-add";
            case ROUTE_UPDATED -> "route-update";
            case ROUTE_REMOVED -> "route-remove";
            case STATE_SYNCHRONIZED -> "sync";
            case CIRCUIT_OPENED -> "breaker-open";
            case CIRCUIT_HALF_OPENED -> "breaker-half-open";
            case CIRCUIT_CLOSED -> "breaker-closed";
            case MAINTENANCE_STUCK -> "stuck";
        };
    }

    private static Map<String, String> summaries(Map<String, RouteState> states) {
        Map<String, String> out = new LinkedHashMap<>();
        states.forEach((id, s) -> out.put(id, summary(s)));
        return out;
    }

    /** A short summary of a route state: {@code serving}, {@code maintenance(read-only, until …)}, {@code draining(until …)}. */
    public static String summary(RouteState s) {
        MaintenanceState m = s.maintenance();
        DrainState d = s.drain();
        if (m == null && d == null) {
            return "serving";
        }
        StringBuilder sb = new StringBuilder();
        if (m != null) {
            sb.append("maintenance(").append(m.mode().wireName());
            if (m.until() != null) {
                sb.append(", until ").append(m.until());
            }
            sb.append(')');
        }
        if (d != null) {
            sb.append(m != null ? " + " : "").append("draining(until ").append(d.end()).append(')');
        }
        return sb.toString();
    }
}
