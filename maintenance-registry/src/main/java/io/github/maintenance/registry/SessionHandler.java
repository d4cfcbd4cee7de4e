package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.CommandParser;
import io.github.maintenance.registry.protocol.EventType;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.SessionRequest;
import io.github.maintenance.registry.protocol.WireTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The session commands (docs/registry-protocol.md §4, §9): {@code REGISTER} with authentication,
 * {@code RECONNECT}, {@code PING}, {@code SESSION_INFO}, {@code SUBSCRIBE}/{@code UNSUBSCRIBE},
 * {@code MAINT_REASON} (an extension: the reason of the session's following changes) and
 * {@code CLIENT_SHUTDOWN}.
 *
 * <p>Thread-safe.
 */
final class SessionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    private final Sessions sessions;
    private final AuthGuard guard;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SessionHandler(Sessions sessions, AuthGuard guard, Clock clock) {
        this.sessions = sessions;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * {@code REGISTER}, on a connection with or without a session: checks the token (a wrong one
     * answers and closes), then creates the session and binds it to {@code c}.
     */
    Outcome register(Connection c, SessionRequest.Register r) throws ProtocolException {
        String who = Reply.printable(r.service(), 128) + "/" + Reply.printable(r.instance(), 128);
        String tokenName = null;
        if (guard.enabled()) {
            if (guard.blocked(c.peerAddress())) {
                guard.refused();
                LOG.warn("Registry REGISTER of {} from {} refused: too many failed authentications", who, c.peer);
                return Outcome.lineThenClose(Reply.error(Reply.AUTH_RATE_LIMIT));
            }
            Object token = r.authToken();
            tokenName = token instanceof String t ? guard.match(t) : null;
            if (tokenName == null) {
                guard.failed(c.peerAddress());
                LOG.warn("Registry authentication failed for {} from {} ({} token)", who, c.peer,
                        token == null ? "no" : "wrong");
                return Outcome.lineThenClose(Reply.error(Reply.UNAUTHORIZED));
            }
        }
        Session created = sessions.register(c, newSessionId(r.instance(), clock.instant()), r.service(), r.instance(),
                r.metadataWithoutToken(), tokenName == null || tokenName.isEmpty() ? null : tokenName);
        LOG.info("Registry session {} registered: {} from {} (maintenance port {}{})", created.logId(),
                created.actor(), c.peer, r.maintenancePort(),
                created.tokenName == null ? "" : ", token '" + created.tokenName + "'");
        return Outcome.line(Reply.ACK + "|" + created.id);
    }

    /** {@code RECONNECT} as the first line of a new connection: {@code OK} with the session bound, else {@code REREGISTER}. */
    Outcome reconnect(Connection c, String sessionId) {
        Session s = sessions.reconnect(c, sessionId);
        if (s == null) {
            return Outcome.line(Reply.REREGISTER);
        }
        LOG.info("Registry session {} ({}) reconnected from {}", s.logId(), s.actor(), c.peer);
        return Outcome.line(Reply.OK);
    }

    /**
     * The other session commands of a bound session ({@code REGISTER} goes to {@link #register});
     * called under the state lock.
     */
    Outcome handle(Connection c, Session s, SessionRequest r) throws ProtocolException {
        if (r instanceof SessionRequest.Reconnect) {
            // On the connection the session is bound to: it keeps its session.
            return Outcome.line(Reply.OK);
        } else if (r instanceof SessionRequest.Ping) {
            return Outcome.line(Reply.PONG);
        } else if (r instanceof SessionRequest.Info) {
            return Outcome.json(Reply.SESSION_OK, info(s));
        } else if (r instanceof SessionRequest.Subscribe sub) {
            return subscribe(s, sub);
        } else if (r instanceof SessionRequest.Reason reason) {
            s.reason = reason.reason();
            s.audit(c, "MAINT_REASON", reason.reason().isEmpty() ? "reason cleared"
                    : "reason set (" + reason.reason().length() + " characters)");
            return Outcome.line(Reply.REASON_OK);
        } else if (r instanceof SessionRequest.Shutdown) {
            sessions.end(s, "CLIENT_SHUTDOWN from " + c.peer);
            return Outcome.lineThenClose(Reply.SHUTDOWN_OK);
        }
        throw new IllegalStateException("unhandled " + r);
    }

    private Map<String, Object> info(Session s) {
        Instant now = clock.instant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.id);
        m.put("service_name", s.service);
        m.put("instance_name", s.instance);
        m.put("connected_at", WireTime.format(s.connectedAt));
        m.put("uptime_seconds", Math.max(0, Duration.between(s.connectedAt, now).getSeconds()));
        m.put("routes_active", s.config.routes.active().size());
        m.put("routes_staged", s.config.routes.staged().size());
        m.put("last_activity", WireTime.format(s.lastActivity));
        m.put("metadata", s.metadata);
        m.put("headers", s.config.headers.active());
        Map<String, Object> options = new LinkedHashMap<>();
        s.config.options.active().forEach((k, v) -> options.put(k, CommandParser.isBooleanOption(k)
                ? (Object) Boolean.valueOf(v) : v));
        m.put("options", options);
        return m;
    }

    private static Outcome subscribe(Session s, SessionRequest.Subscribe r) {
        Set<EventType> next = s.subscriptions.isEmpty() ? EnumSet.noneOf(EventType.class)
                : EnumSet.copyOf(s.subscriptions);
        if (r.subscribe()) {
            next.add(r.type());
        } else if (r.type() == EventType.ALL) {
            next.clear();
        } else {
            next.remove(r.type());
        }
        s.subscriptions = next;
        return Outcome.line(r.subscribe() ? Reply.SUBSCRIBE_OK : Reply.UNSUBSCRIBE_OK);
    }

    /** {@code <instance>-<unix seconds>-<32 hex chars from SecureRandom>}, the instance part limited to safe characters. */
    private String newSessionId(String instance, Instant now) {
        StringBuilder sb = new StringBuilder(instance.length() + 48);
        for (int i = 0; i < instance.length(); i++) {
            char ch = instance.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '.' || ch == '_' || ch == ':' || ch == '-';
            sb.append(ok ? ch : '_');
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return sb.append('-').append(now.getEpochSecond()).append('-').append(HexFormat.of().formatHex(bytes))
                .toString();
    }
}
