package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.AuditRequest;
import io.github.maintenance.registry.protocol.Command;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.CommandParser;
import io.github.maintenance.registry.protocol.ConfigRequest;
import io.github.maintenance.registry.protocol.DrainRequest;
import io.github.maintenance.registry.protocol.MaintRequest;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.Request;
import io.github.maintenance.registry.protocol.RouteRequest;
import io.github.maintenance.registry.protocol.ScheduleRequest;
import io.github.maintenance.registry.protocol.SessionRequest;
import io.github.maintenance.registry.protocol.StatsRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Takes one received line to its handler (docs/registry-protocol.md §1, §3): before a session is
 * bound only {@code REGISTER} and {@code RECONNECT} are served; then unknown commands and missing
 * fields are refused, a session that has ended answers {@code session not found} (but
 * {@code PING}, {@code RECONNECT} and {@code REGISTER} still work), the line is parsed into a
 * {@link Request} and the request's family picks the handler. Handlers run under the state lock
 * ({@link Sessions#locked}), except {@code REGISTER}, {@code PING}, {@code BACKEND_TEST} and
 * {@code MAINT_AUDIT} and {@code MAINT_CLUSTER} (which reads the shared store). A
 * handler failure answers {@code ERROR|internal error} and keeps the connection. Before a session
 * is bound every invalid line (another command, a malformed {@code REGISTER}, bytes that are not
 * UTF-8, a line over the limit) counts as a failed authentication of the peer address
 * ({@link AuthGuard#failed}), and the third failed command closes the connection.
 *
 * <p>Thread-safe.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    /** Failures before a session is bound after which the connection is closed. */
    static final int MAX_UNBOUND_FAILURES = 3;

    /** The handlers, one per protocol area. */
    record Handlers(SessionHandler session, RouteHandler routes, ConfigHandler config, MaintenanceHandler maintenance,
            DrainHandler drain, ScheduleHandler schedules, StatsHandler stats, AuditHandler audit) {
    }

    private final CommandParser parser;
    private final Sessions sessions;
    private final Handlers h;
    private final Clock clock;
    private final AuthGuard guard;

    Dispatcher(CommandParser parser, Sessions sessions, Handlers handlers, Clock clock, AuthGuard guard) {
        this.parser = parser;
        this.sessions = sessions;
        this.h = handlers;
        this.clock = clock;
        this.guard = guard;
    }

    /** Handles one non-empty line received on {@code c}; returns what to write. */
    Outcome handle(Connection c, String line) {
        CommandLine cl = CommandLine.parse(line);
        try {
            Session s = c.session;
            if (s == null) {
                return unbound(c, cl);
            }
            s.lastActivity = clock.instant();
            if (cl.command() == null) {
                return Outcome.line(Reply.unknownCommand(cl.name()));
            }
            if (!cl.hasEnoughFields()) {
                return Outcome.line(Reply.error(Reply.INVALID_FORMAT));
            }
            if (s.deleted) {
                return switch (cl.command()) {
                    case PING -> Outcome.line(Reply.PONG);
                    case RECONNECT -> Outcome.line(Reply.REREGISTER);
                    case REGISTER -> register(c, cl);
                    default -> Outcome.line(Reply.error(Reply.SESSION_NOT_FOUND));
                };
            }
            return bound(c, s, parser.parse(cl));
        } catch (ProtocolException e) {
            return Outcome.line(e.reply());
        } catch (RuntimeException e) {
            LOG.warn("Registry command {} from {} failed: {}", Reply.printable(cl.name(), 64), c.peer, e.toString(), e);
            return Outcome.line(Reply.error(Reply.INTERNAL_ERROR));
        }
    }

    private Outcome unbound(Connection c, CommandLine cl) {
        Outcome o;
        if (cl.command() == Command.REGISTER) {
            SessionRequest.Register r = null;
            try {
                r = (SessionRequest.Register) parser.parse(cl);
                o = h.session().register(c, r);
            } catch (ProtocolException e) {
                o = Outcome.line(e.reply());
                if (r == null) {
                    invalidBeforeSession(c, "malformed REGISTER");
                }
            }
        } else if (cl.command() == Command.RECONNECT) {
            o = h.session().reconnect(c, cl.field(1));
        } else {
            o = Outcome.line(Reply.error(Reply.NO_SESSION));
            invalidBeforeSession(c, "a command without a session");
        }
        return c.session == null ? failedUnbound(c, o) : o;
    }

    /**
     * A line that is not valid UTF-8: {@code ERROR|invalid encoding}; before a session is bound it
     * counts as a failed authentication.
     */
    Outcome invalidEncoding(Connection c) {
        if (c.session == null) {
            invalidBeforeSession(c, "a line that is not UTF-8");
        }
        return Outcome.line(Reply.error(Reply.INVALID_ENCODING));
    }

    /**
     * A line over the limit (the connection closes): before a session is bound it counts as a
     * failed authentication.
     */
    void lineTooLong(Connection c) {
        if (c.session == null) {
            invalidBeforeSession(c, "a line over the length limit");
        }
    }

    /**
     * Counts an invalid line before a session is bound as a failed authentication of the peer
     * address: with tokens configured, an address that sends too many is refused for the rest of
     * the minute, as after wrong tokens. A {@code RECONNECT} to a session that is gone is not
     * invalid (every client sends one after a restart of the server).
     */
    private void invalidBeforeSession(Connection c, String what) {
        guard.failed(c.peerAddress());
        LOG.debug("Registry connection {} sent {} before registering (counted as a failed authentication)", c.peer,
                what);
    }

    private static Outcome failedUnbound(Connection c, Outcome o) {
        if (o.close()) {
            return o;
        }
        if (++c.failures >= MAX_UNBOUND_FAILURES) {
            LOG.info("Registry connection {} closed after {} commands without a session", c.peer, c.failures);
            return new Outcome(o.text(), null, true);
        }
        return o;
    }

    private Outcome register(Connection c, CommandLine cl) throws ProtocolException {
        // On a connection with a session; one without goes through unbound().
        return h.session().register(c, (SessionRequest.Register) parser.parse(cl));
    }

    private Outcome bound(Connection c, Session s, Request r) throws ProtocolException {
        if (r instanceof SessionRequest.Register register) {
            return h.session().register(c, register);
        } else if (r instanceof SessionRequest.Ping) {
            return Outcome.line(Reply.PONG);
        } else if (r instanceof StatsRequest.BackendTest test) {
            return h.stats().backendTest(test);
        } else if (r instanceof AuditRequest audit) {
            return h.audit().audit(audit);
        } else if (r instanceof StatsRequest.Cluster) {
            return h.stats().cluster(); // reads the shared store: not under the state lock
        }
        return sessions.locked(s, () -> locked(c, s, r));
    }

    private Outcome locked(Connection c, Session s, Request r) throws ProtocolException {
        if (r instanceof SessionRequest q) {
            return h.session().handle(c, s, q);
        } else if (r instanceof RouteRequest q) {
            return h.routes().handle(s, q);
        } else if (r instanceof ConfigRequest q) {
            return h.config().handle(c, s, q);
        } else if (r instanceof MaintRequest q) {
            return h.maintenance().handle(c, s, q);
        } else if (r instanceof DrainRequest q) {
            return h.drain().handle(c, s, q);
        } else if (r instanceof ScheduleRequest q) {
            return h.schedules().handle(c, s, q);
        } else if (r instanceof StatsRequest) {
            return h.stats().stats(s);
        }
        throw new IllegalStateException("unhandled request " + r);
    }
}
