package io.github.maintenance.registry;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.Changes;
import io.github.maintenance.registry.protocol.EventType;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.RouteState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's sessions and the one lock that guards them: sessions by id and by
 * (service, instance), the global route-id counter, and the routes handed to the controller
 * when their session ended while they were in maintenance or draining. Command handlers reach a
 * session's state only through {@link #locked}, which runs their work under the lock unless the
 * session has ended meanwhile.
 *
 * <p>The lock is held while a command changes state (the controller included), never while a
 * socket is written. Thread-safe.
 */
final class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    /** A command's work on a session's state, run under the lock. */
    @FunctionalInterface
    interface Work {
        Outcome run() throws ProtocolException;
    }

    /** Figures taken at one moment. */
    record Counts(int sessions, int connected, int pendingVerifications) {
    }

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, Session> byId = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private final Map<String, Session> byName = new HashMap<>();
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();
    private final MaintenanceController controller;
    private final RegistryConfig config;
    private final Clock clock;
    private final EventHub hub;
    // Guarded by lock.
    private long routeCounter;
    private long sessionSerial;

    Sessions(MaintenanceController controller, RegistryConfig config, EventHub hub) {
        this.controller = controller;
        this.config = config;
        this.clock = config.clock();
        this.hub = hub;
    }

    /** Runs {@code work} under the lock; a session that has ended answers {@code ERROR|session not found}. */
    Outcome locked(Session s, Work work) throws ProtocolException {
        synchronized (lock) {
            if (s.deleted) {
                return Outcome.line(Reply.error(Reply.SESSION_NOT_FOUND));
            }
            return work.run();
        }
    }

    /**
     * Creates a session bound to {@code c}: an earlier session of the same service and instance
     * ends first (its routes go), and the connection's previous session, if any, enters its
     * grace period.
     *
     * @param tokenName the name of the token the client authenticated with, {@code null} for an
     *                  unnamed token or none
     * @throws ProtocolException {@code max sessions exceeded}
     */
    Session register(Connection c, String id, String service, String instance, Map<String, Object> metadata,
            String tokenName) throws ProtocolException {
        synchronized (lock) {
            Session existing = byName.get(nameKey(service, instance));
            int count = byId.size() - (existing == null ? 0 : 1);
            if (count >= config.limits().maxSessions()) {
                LOG.warn("Registry REGISTER of {}/{} from {} refused: {} sessions", service, instance, c.peer, count);
                throw new ProtocolException(Reply.MAX_SESSIONS);
            }
            if (existing != null) {
                end(existing, "registered again from " + c.peer);
            }
            Session previous = c.session;
            if (previous != null && !previous.deleted && previous.connection == c) {
                disconnected(previous, "its connection registered another session");
            }
            Session created = new Session(id, service, instance, metadata, c.peerAddress(), clock.instant(),
                    ++sessionSerial, tokenName);
            created.connection = c;
            byId.put(created.id, created);
            byName.put(nameKey(service, instance), created);
            c.session = created;
            return created;
        }
    }

    /**
     * {@code RECONNECT} as the first line of a new connection: binds the session with that id (in
     * its grace period or still bound elsewhere, whose connection is then closed).
     *
     * @return the session, or {@code null} when there is none to resume ({@code REREGISTER})
     */
    Session reconnect(Connection c, String id) {
        synchronized (lock) {
            Session s = id.isEmpty() ? null : byId.get(id);
            if (s == null || s.deleted) {
                return null;
            }
            if (config.reconnectSamePeer() && !s.peer.equals(c.peerAddress())) {
                LOG.warn("Registry RECONNECT of {} refused: from {}, registered from {}", s.logId(), c.peer, s.peer);
                return null;
            }
            Connection old = s.connection;
            if (old != null && old != c) {
                s.cancelPending();
                old.session = null;
                old.close();
            }
            s.connection = c;
            s.disconnectedAt = null;
            s.lastActivity = clock.instant();
            c.session = s;
            return s;
        }
    }

    /** A connection closed: its session, if still bound to it, enters its grace period. */
    void connectionClosed(Connection c) {
        synchronized (lock) {
            Session s = c.session;
            if (s != null && !s.deleted && s.connection == c) {
                disconnected(s, "connection closed");
            }
        }
    }

    /** Re-arms the staged configuration's time-to-live of {@code s}: a staging command was received. */
    void touchStaged(Session s) {
        s.staged(clock.instant().plus(config.stagedTtl()));
    }

    /** A new route id {@code r<N>}: global to the server, never reused, never one the controller already has. */
    String newRouteId() {
        synchronized (lock) {
            while (true) {
                String id = "r" + (++routeCounter);
                if (controller.snapshot().routes().find(id) == null) {
                    return id;
                }
            }
        }
    }

    /**
     * Ends a session: its routes in maintenance or draining are handed to the controller (owner
     * {@value RegistryServer#ADOPTED_OWNER}), the others removed, its health-check paths no longer
     * exempt, all in one change; its pending verification is cancelled and its staged
     * configuration discarded. A connection still bound to it answers
     * {@code ERROR|session not found} from now on.
     */
    void end(Session s, String why) {
        synchronized (lock) {
            if (s.deleted) {
                return;
            }
            s.deleted = true;
            s.cancelPending();
            byId.remove(s.id);
            byName.remove(nameKey(s.service, s.instance), s);
            List<String> owned = List.copyOf(s.config.routes.active().keySet());
            boolean exempts = !s.config.health.active().isEmpty();
            s.config.clear();
            s.stagedExpiresAt = null;
            List<String> kept = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            handOver(s, owned, exempts, kept, removed);
            LOG.info("Registry session {} ({}) ended: {}; routes removed {}, kept by the controller (in maintenance or"
                    + " draining) {}", s.logId(), s.actor(), why, removed, kept);
        }
    }

    /** One batch: blocked routes re-owned by the controller, the others removed, the exempt paths cleared. */
    private void handOver(Session s, List<String> owned, boolean exempts, List<String> kept, List<String> removed) {
        for (int attempt = 1; ; attempt++) {
            kept.clear();
            removed.clear();
            MaintenanceSnapshot snapshot = controller.snapshot();
            Changes.Builder batch = Changes.builder();
            for (String id : owned) {
                RouteState state = snapshot.state(id);
                Route route = snapshot.routes().find(id);
                if (state == null || route == null) {
                    continue;
                }
                if (state.inMaintenance() || state.draining()) {
                    batch.add(new Change.PutRoute(route.toBuilder().owner(RegistryServer.ADOPTED_OWNER).build()));
                    kept.add(id);
                } else {
                    batch.add(new Change.RemoveRoute(id));
                    removed.add(id);
                }
            }
            if (exempts) {
                batch.add(Change.SetExemptPaths.of(s.exemptKey(), List.of()));
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                controller.apply(batch.build(), s.cause());
                adopted.addAll(kept);
                return;
            } catch (MaintenanceException e) {
                // A route changed by someone else in between: compute the batch again from the new state.
                if (attempt == 2) {
                    LOG.warn("Registry session {} ({}): its routes could not be handed over: {}", s.logId(), s.actor(),
                            e.getMessage());
                    return;
                }
            }
        }
    }

    private void disconnected(Session s, String why) {
        s.connection = null;
        s.disconnectedAt = clock.instant();
        s.cancelPending();
        LOG.info("Registry session {} ({}) disconnected: {}; it can reconnect for {}", s.logId(), s.actor(), why,
                Durations.format(config.gracePeriod()));
    }

    /**
     * Ends the sessions whose grace period is over, discards staged configuration past its TTL,
     * then removes handed-over routes that serve again.
     */
    void sweep() {
        Instant now = clock.instant();
        synchronized (lock) {
            for (Session s : new ArrayList<>(byId.values())) {
                if (s.connection == null && s.disconnectedAt != null
                        && !now.isBefore(s.disconnectedAt.plus(config.gracePeriod()))) {
                    end(s, "grace period of " + Durations.format(config.gracePeriod()) + " over");
                } else if (s.stagedExpiresAt != null && !now.isBefore(s.stagedExpiresAt)) {
                    boolean had = s.config.hasStaged();
                    s.discardStaged();
                    if (had) {
                        LOG.info("Registry session {} ({}): staged configuration discarded after {}", s.logId(),
                                s.actor(), Durations.format(config.stagedTtl()));
                        hub.publish(EventType.CONFIG, "staged_expired", now, List.of(), s.cause(),
                                "staged configuration expired");
                    }
                }
            }
        }
        reapAdopted();
    }

    /** Removes handed-over routes that serve again (their maintenance or drain ended), in one change. */
    void reapAdopted() {
        if (adopted.isEmpty()) {
            return;
        }
        MaintenanceSnapshot snapshot;
        try {
            snapshot = controller.snapshot();
        } catch (RuntimeException e) {
            return;
        }
        List<String> serving = new ArrayList<>();
        for (String id : List.copyOf(adopted)) {
            RouteState state = snapshot.state(id);
            if (state == null) {
                adopted.remove(id);
            } else if (!state.inMaintenance() && !state.draining()) {
                serving.add(id);
            }
        }
        if (serving.isEmpty()) {
            return;
        }
        try {
            controller.apply(Changes.of(serving.stream().map(Change.RemoveRoute::new).toList()),
                    Cause.of(Cause.Source.REGISTRY, RegistryServer.ADOPTED_OWNER));
            adopted.removeAll(serving);
            LOG.info("Routes {} (kept after their session ended) serve again and were removed", serving);
        } catch (MaintenanceException e) {
            LOG.debug("Handed-over routes not removed yet ({}); the next sweep retries", e.getMessage());
        } catch (IllegalStateException e) {
            LOG.debug("Handed-over routes left as they are: {}", e.toString());
        }
    }

    /** Ends every session (the registry stops); routes in maintenance or draining stay with the controller. */
    void endAll() {
        synchronized (lock) {
            for (Session s : new ArrayList<>(byId.values())) {
                try {
                    end(s, "registry stopped");
                } catch (IllegalStateException e) {
                    s.deleted = true;
                    s.cancelPending();
                    byId.remove(s.id);
                }
            }
            byName.clear();
        }
    }

    Counts counts() {
        int connected = 0;
        int pending = 0;
        synchronized (lock) {
            for (Session s : byId.values()) {
                if (s.connection != null) {
                    connected++;
                }
                if (s.pending.get() != null) {
                    pending++;
                }
            }
            return new Counts(byId.size(), connected, pending);
        }
    }

    /** Routes handed to the controller that are still blocked. */
    int adoptedCount() {
        return adopted.size();
    }

    boolean hasAdopted() {
        return !adopted.isEmpty();
    }

    private static String nameKey(String service, String instance) {
        return service + '\u0000' + instance;
    }
}
