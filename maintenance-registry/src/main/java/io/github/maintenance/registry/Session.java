package io.github.maintenance.registry;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.registry.protocol.EventType;
import io.github.maintenance.registry.protocol.RouteSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One registered client: identity, its active and staged configuration, subscriptions and the
 * pending maintenance-page or backend verification.
 *
 * <p>Every field is guarded by the server's state lock, except {@link #lastActivity} (volatile),
 * {@link #subscriptions} (replaced whole under the lock, read without it) and {@link #pending}
 * (atomic).
 */
final class Session {

    /** {@code HEALTH_SET}: path, interval, timeout. */
    record Health(String path, Duration interval, Duration timeout) {
    }

    /** {@code RATELIMIT_SET}: requests per window (stored, no effect). */
    record RateLimit(int requests, Duration window) {
    }

    /** One configuration: routes, headers, options, health checks, rate limits, circuit breakers. */
    static final class Config {
        final Map<String, RouteSpec> routes = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        final Map<String, String> options = new LinkedHashMap<>();
        final Map<String, Health> health = new LinkedHashMap<>();
        final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
        final Map<String, CircuitBreakerConfig> circuits = new LinkedHashMap<>();

        boolean isEmpty() {
            return routes.isEmpty() && headers.isEmpty() && options.isEmpty() && health.isEmpty()
                    && rateLimits.isEmpty() && circuits.isEmpty();
        }

        void clear() {
            routes.clear();
            headers.clear();
            options.clear();
            health.clear();
            rateLimits.clear();
            circuits.clear();
        }
    }

    final String id;
    final String service;
    final String instance;
    /** REGISTER metadata without the token; {@code null} when the client sent JSON {@code null}. */
    final Map<String, Object> metadata;
    final String peer;
    final Instant connectedAt;
    final long serial;
    volatile Instant lastActivity;

    /** The connection bound to this session, {@code null} while disconnected. */
    volatile Connection connection;
    Instant disconnectedAt;
    volatile boolean deleted;

    final Config active = new Config();
    final Config staged = new Config();
    final Set<String> stagedRemovals = new LinkedHashSet<>();
    final Set<String> stagedHeaderRemovals = new LinkedHashSet<>();
    final Set<String> stagedOptionRemovals = new LinkedHashSet<>();
    Instant stagedExpiresAt;

    volatile Set<EventType> subscriptions = EnumSet.noneOf(EventType.class);
    final AtomicReference<Verification> pending = new AtomicReference<>();

    Session(String id, String service, String instance, Map<String, Object> metadata, String peer, Instant now,
            long serial) {
        this.id = id;
        this.serial = serial;
        this.service = service;
        this.instance = instance;
        this.metadata = metadata;
        this.peer = peer;
        this.connectedAt = now;
        this.lastActivity = now;
    }

    /** {@code service/instance}: who acted, in causes, events and logs (the id is a credential). */
    String actor() {
        return service + "/" + instance;
    }

    /** The owner label of this session's routes in the controller. */
    String owner() {
        return "registry:" + actor();
    }

    /** The key of this session's health-check paths among the controller's run-time exempt paths. */
    String exemptKey() {
        return "registry:" + actor() + "#" + serial;
    }

    /** The id with its random part shortened, for logs. */
    String logId() {
        int dash = id.lastIndexOf('-');
        return dash < 0 || id.length() - dash < 9 ? id : id.substring(0, dash + 9) + "…";
    }

    boolean hasStaged() {
        return !staged.isEmpty() || !stagedRemovals.isEmpty() || !stagedHeaderRemovals.isEmpty()
                || !stagedOptionRemovals.isEmpty();
    }

    /** Whether this session has the route, active or staged. */
    boolean knowsRoute(String routeId) {
        return active.routes.containsKey(routeId) || staged.routes.containsKey(routeId);
    }

    /** Cancels the pending verification, if any; a cancelled verification writes nothing. */
    void cancelPending() {
        Verification v = pending.getAndSet(null);
        if (v != null) {
            v.cancel();
        }
    }

    boolean subscribed(EventType type) {
        Set<EventType> s = subscriptions;
        return s.contains(EventType.ALL) || s.contains(type);
    }
}
