package io.github.maintenance.registry;

import io.github.maintenance.Cause;
import io.github.maintenance.registry.protocol.EventType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One registered client: identity, its configuration (in force and staged), subscriptions and
 * the pending maintenance-page or backend verification.
 *
 * <p>Every field is guarded by the registry's state lock ({@link Sessions}), except
 * {@link #lastActivity} (volatile), {@link #subscriptions} (replaced whole under the lock, read
 * without it) and {@link #pending} (atomic).
 */
final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    final String id;
    final String service;
    final String instance;
    /** REGISTER metadata without the token; {@code null} when the client sent JSON {@code null}. */
    final Map<String, Object> metadata;
    final String peer;
    /** The name of the token the session registered with, {@code null} for an unnamed token or none. */
    final String tokenName;
    final Instant connectedAt;
    final long serial;
    volatile Instant lastActivity;

    /** The connection bound to this session, {@code null} while disconnected. */
    volatile Connection connection;
    Instant disconnectedAt;
    volatile boolean deleted;

    /** Routes, headers, options, health checks, rate limits and breakers, in force and staged. */
    final StagedConfig config = new StagedConfig();
    /** When the staged configuration is discarded, {@code null} when nothing is staged. */
    Instant stagedExpiresAt;

    volatile Set<EventType> subscriptions = EnumSet.noneOf(EventType.class);
    final AtomicReference<Verification> pending = new AtomicReference<>();
    /**
     * Whether the session's last change took effect on this instance only: the state store did not
     * save it ({@code MAINT_STATUS} says so until a later change of the session is saved).
     */
    volatile boolean lastChangeNotStored;
    /**
     * The reason given to the session's following changes ({@code MAINT_REASON}), {@code ""} for
     * none; already checked by {@link Cause#checkReason}.
     */
    volatile String reason = "";

    Session(String id, String service, String instance, Map<String, Object> metadata, String peer, Instant now,
            long serial, String tokenName) {
        this.id = id;
        this.serial = serial;
        this.service = service;
        this.instance = instance;
        this.metadata = metadata;
        this.peer = peer;
        this.tokenName = tokenName;
        this.connectedAt = now;
        this.lastActivity = now;
    }

    /** {@code service/instance}: who acted, in causes, events and logs (the id is a credential). */
    String actor() {
        return service + "/" + instance;
    }

    /**
     * The cause of the changes this session makes: the name of its token as the actor when it
     * registered with a named token, else {@link #actor()}; and the session's reason.
     */
    Cause cause() {
        return new Cause(Cause.Source.REGISTRY, tokenName != null ? tokenName : actor(), reason);
    }

    /**
     * The cause of one change that may carry its own reason.
     *
     * @param ownReason the reason given with the change ({@code "reason"} of an extension's JSON,
     *                  {@code ""} for explicitly none), or {@code null} to use the session's reason
     */
    Cause cause(String ownReason) {
        Cause c = cause();
        return ownReason == null ? c : c.withReason(ownReason);
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

    /** Logs a state-changing command: who, from where, what came of it (never a secret). */
    void audit(Connection c, String command, String result) {
        LOG.info("Registry {} by {} (session {}, {}): {}", command, actor(), logId(), c.peer, result);
    }

    /** Re-arms the staged configuration's time-to-live: a staging command was received. */
    void staged(Instant expiresAt) {
        stagedExpiresAt = expiresAt;
    }

    /** Discards the staged configuration. */
    void discardStaged() {
        config.rollback();
        stagedExpiresAt = null;
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
