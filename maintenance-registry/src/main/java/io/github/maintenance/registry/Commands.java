package io.github.maintenance.registry;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.registry.protocol.Command;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.EventType;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.RouteSpec;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.RouteTraffic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The semantics of every command (PROTOCOL.md §3–§10). {@link #handle} is called by a
 * connection's thread with one line; it returns what to write. Session and configuration state is
 * changed under the server's state lock; nothing is written while it is held.
 *
 * <p>Thread-safe.
 */
final class Commands {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    /** Most headers and options of a session (active and staged together). */
    static final int MAX_HEADERS = 64;
    /** Longest REGISTER metadata, as written back in SESSION_INFO. */
    static final int MAX_METADATA_CHARS = 16 * 1024;
    /** Failures before a session is bound after which the connection is closed. */
    static final int MAX_UNBOUND_FAILURES = 3;
    /** Longest reply line in bytes (the Go client reads lines below 64 KiB). */
    static final int MAX_REPLY_BYTES = 65_535;

    private static final Set<String> DURATION_OPTIONS = Set.of("timeout", "health_check_interval",
            "health_check_timeout");
    private static final Set<String> BOOLEAN_OPTIONS = Set.of("websocket", "compression", "http2", "http3");
    private static final List<String> SCOPES = List.of("routes", "headers", "options", "health", "ratelimit",
            "circuit");

    private final RegistryServer server;
    private final SecureRandom random = new SecureRandom();

    Commands(RegistryServer server) {
        this.server = server;
    }

    /** Handles one non-empty line received on {@code c}. */
    Outcome handle(Connection c, String line) {
        CommandLine cl = CommandLine.parse(line);
        try {
            Session s = c.session;
            if (s == null) {
                return unbound(c, cl);
            }
            s.lastActivity = server.clock().instant();
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
            return dispatch(c, s, cl);
        } catch (ProtocolException e) {
            return Outcome.line(e.reply());
        } catch (RuntimeException e) {
            LOG.warn("Registry command {} from {} failed: {}", Reply.printable(cl.name(), 64), c.peer, e.toString(), e);
            return Outcome.line(Reply.error(Reply.INTERNAL_ERROR));
        }
    }

    private Outcome unbound(Connection c, CommandLine cl) {
        if (cl.command() == Command.REGISTER) {
            Outcome o;
            try {
                o = register(c, cl);
            } catch (ProtocolException e) {
                o = Outcome.line(e.reply());
            }
            return c.session == null ? failedUnbound(c, o) : o;
        }
        if (cl.command() == Command.RECONNECT) {
            Outcome o = reconnectNew(c, cl.field(1));
            return c.session == null ? failedUnbound(c, o) : o;
        }
        return failedUnbound(c, Outcome.line(Reply.error(Reply.NO_SESSION)));
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

    private Outcome dispatch(Connection c, Session s, CommandLine cl) throws ProtocolException {
        Command cmd = cl.command();
        switch (cmd) {
            case PING:
                return Outcome.line(Reply.PONG);
            case BACKEND_TEST:
                return backendTest(cl.field(2));
            case REGISTER:
                return register(c, cl);
            default:
                break;
        }
        synchronized (server.lock) {
            if (s.deleted) {
                return Outcome.line(Reply.error(Reply.SESSION_NOT_FOUND));
            }
            return switch (cmd) {
                case RECONNECT -> Outcome.line(Reply.OK);
                case SESSION_INFO -> reply(Reply.SESSION_OK, sessionInfo(s));
                case ROUTE_ADD -> routeAdd(s, cl);
                case ROUTE_ADD_BULK -> routeAddBulk(s, cl.field(2));
                case ROUTE_UPDATE -> routeUpdate(s, cl.field(2), cl.field(3), cl.field(4));
                case ROUTE_REMOVE -> routeRemove(s, cl.field(2));
                case ROUTE_LIST -> reply(Reply.ROUTE_LIST_OK, routeList(s));
                case HEADERS_SET -> headersSet(s, cl.field(2), cl.field(3), cl.field(4));
                case HEADERS_REMOVE -> headersRemove(s, cl.field(2), cl.field(3));
                case OPTIONS_SET -> optionsSet(s, cl.field(2), cl.field(3), cl.field(4));
                case OPTIONS_REMOVE -> optionsRemove(s, cl.field(2), cl.field(3));
                case HEALTH_SET -> healthSet(s, cl.field(2), cl.field(3), cl.field(4), cl.field(5));
                case RATELIMIT_SET -> rateLimitSet(s, cl.field(2), cl.field(3), cl.field(4));
                case CIRCUIT_BREAKER_SET -> circuitSet(s, cl.field(2), cl.field(3), cl.field(4), cl.field(5));
                case CIRCUIT_BREAKER_STATUS -> circuitStatus(s, cl.field(2));
                case CIRCUIT_BREAKER_RESET -> circuitReset(s, c, cl.field(2));
                case CONFIG_VALIDATE -> configValidate(s);
                case CONFIG_APPLY -> configApply(s, c, EnumSet.allOf(Scope.class), "CONFIG_APPLY");
                case CONFIG_ROLLBACK -> configRollback(s, c);
                case CONFIG_DIFF -> reply(Reply.DIFF_OK, configDiff(s));
                case CONFIG_APPLY_PARTIAL -> configApply(s, c, scopes(cl.field(2)), "CONFIG_APPLY_PARTIAL");
                case STATS_GET -> reply(Reply.STATS_OK, stats(s));
                case DRAIN_START -> drainStart(s, c, cl.field(2));
                case DRAIN_STATUS -> drainStatus();
                case DRAIN_CANCEL -> drainCancel(s, c);
                case SUBSCRIBE -> subscribe(s, cl.field(2), true);
                case UNSUBSCRIBE -> subscribe(s, cl.field(2), false);
                case MAINT_ENTER -> maintEnter(s, c, cl.field(2), pageRequest(cl.field(3)), cl.field(3));
                case MAINT_ENTER_EX -> maintEnterEx(s, c, cl.field(2), cl.field(3));
                case MAINT_EXIT -> maintExit(s, c, cl.field(2));
                case MAINT_STATUS -> reply(Reply.MAINT_STATUS_OK, maintStatus());
                case MAINT_SCHEDULE -> maintSchedule(s, c, cl.field(2), cl.field(3), cl.field(4),
                        cl.size() > 5 ? cl.field(5) : "");
                case MAINT_SCHEDULE_EX -> maintScheduleEx(s, c, cl.field(2), cl.field(3));
                case MAINT_SCHEDULES -> reply(Reply.SCHEDULES_OK, schedules());
                case MAINT_UNSCHEDULE -> maintUnschedule(s, c, cl.field(2));
                case MAINT_ROUTES -> reply(Reply.MAINT_ROUTES_OK, maintRoutes());
                case CLIENT_SHUTDOWN -> shutdown(s, c);
                default -> throw new IllegalStateException("unhandled command " + cmd);
            };
        }
    }

    // ---- sessions ------------------------------------------------------------------------------

    private Outcome register(Connection c, CommandLine cl) throws ProtocolException {
        if (!cl.hasEnoughFields()) {
            return Outcome.line(Reply.error(Reply.INVALID_FORMAT));
        }
        String service = cl.field(1);
        String instance = cl.field(2);
        if (!validName(service)) {
            throw new ProtocolException(Reply.INVALID_SERVICE_NAME);
        }
        if (!validName(instance)) {
            throw new ProtocolException(Reply.INVALID_INSTANCE_NAME);
        }
        String port = cl.field(3).trim();
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new ProtocolException(Reply.INVALID_MAINTENANCE_PORT);
        }
        Map<String, Object> metadata = parseMetadata(cl.size() > 4 ? cl.field(4) : "");
        AuthGuard guard = server.guard();
        if (guard.enabled()) {
            if (guard.blocked(c.peerAddress())) {
                LOG.warn("Registry REGISTER of {}/{} from {} refused: too many failed authentications",
                        Reply.printable(service, 128), Reply.printable(instance, 128), c.peer);
                server.countAuthFailure();
                return Outcome.lineThenClose(Reply.error(Reply.AUTH_RATE_LIMIT));
            }
            Object token = metadata == null ? null : metadata.get("auth_token");
            if (!(token instanceof String t) || !guard.matches(t)) {
                guard.failed(c.peerAddress());
                server.countAuthFailure();
                LOG.warn("Registry authentication failed for {}/{} from {} ({} token)", Reply.printable(service, 128),
                        Reply.printable(instance, 128), c.peer, token == null ? "no" : "wrong");
                return Outcome.lineThenClose(Reply.error(Reply.UNAUTHORIZED));
            }
        }
        if (metadata != null) {
            metadata.remove("auth_token");
        }
        Session created;
        synchronized (server.lock) {
            Session existing = server.byName.get(nameKey(service, instance));
            int count = server.sessions.size() - (existing == null ? 0 : 1);
            if (count >= server.config().maxSessions()) {
                LOG.warn("Registry REGISTER of {}/{} from {} refused: {} sessions", service, instance, c.peer, count);
                throw new ProtocolException(Reply.MAX_SESSIONS);
            }
            if (existing != null) {
                server.endSession(existing, "registered again from " + c.peer);
            }
            Session previous = c.session;
            if (previous != null && !previous.deleted && previous.connection == c) {
                server.disconnected(previous, "its connection registered another session");
            }
            Instant now = server.clock().instant();
            created = new Session(newSessionId(instance, now), service, instance, metadata, c.peerAddress(), now,
                    server.nextSessionSerial());
            created.stagedExpiresAt = null;
            created.connection = c;
            server.sessions.put(created.id, created);
            server.byName.put(nameKey(service, instance), created);
            c.session = created;
        }
        LOG.info("Registry session {} registered: {} from {} (maintenance port {})", created.logId(),
                created.actor(), c.peer, port);
        return Outcome.line(Reply.ACK + "|" + created.id);
    }

    private Outcome reconnectNew(Connection c, String id) {
        synchronized (server.lock) {
            Session s = id.isEmpty() ? null : server.sessions.get(id);
            if (s == null || s.deleted) {
                return Outcome.line(Reply.REREGISTER);
            }
            if (server.config().reconnectSamePeer() && !s.peer.equals(c.peerAddress())) {
                LOG.warn("Registry RECONNECT of {} refused: from {}, registered from {}", s.logId(), c.peer, s.peer);
                return Outcome.line(Reply.REREGISTER);
            }
            Connection old = s.connection;
            if (old != null && old != c) {
                s.cancelPending();
                old.session = null;
                old.close();
            }
            s.connection = c;
            s.disconnectedAt = null;
            s.lastActivity = server.clock().instant();
            c.session = s;
            LOG.info("Registry session {} ({}) reconnected from {}", s.logId(), s.actor(), c.peer);
        }
        return Outcome.line(Reply.OK);
    }

    private Outcome shutdown(Session s, Connection c) {
        server.endSession(s, "CLIENT_SHUTDOWN from " + c.peer);
        return Outcome.lineThenClose(Reply.SHUTDOWN_OK);
    }

    private Map<String, Object> sessionInfo(Session s) {
        Instant now = server.clock().instant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.id);
        m.put("service_name", s.service);
        m.put("instance_name", s.instance);
        m.put("connected_at", WireTime.format(s.connectedAt));
        m.put("uptime_seconds", Math.max(0, Duration.between(s.connectedAt, now).getSeconds()));
        m.put("routes_active", s.active.routes.size());
        m.put("routes_staged", s.staged.routes.size());
        m.put("last_activity", WireTime.format(s.lastActivity));
        m.put("metadata", s.metadata);
        m.put("headers", s.active.headers);
        Map<String, Object> options = new LinkedHashMap<>();
        s.active.options.forEach((k, v) -> options.put(k, BOOLEAN_OPTIONS.contains(k) ? Boolean.valueOf(v) : v));
        m.put("options", options);
        return m;
    }

    private static Map<String, Object> parseMetadata(String text) throws ProtocolException {
        String t = text.trim();
        if (t.isEmpty()) {
            return new LinkedHashMap<>();
        }
        if (t.length() > MAX_METADATA_CHARS) {
            throw new ProtocolException(Reply.METADATA_TOO_LARGE);
        }
        try {
            Map<String, Object> m = WireJson.parseObjectOrNull(t);
            return m == null ? null : new LinkedHashMap<>(m);
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_METADATA_JSON);
        }
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 128) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String nameKey(String service, String instance) {
        return service + '\u0000' + instance;
    }

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

    // ---- routes and staged configuration -------------------------------------------------------------

    private Outcome routeAdd(Session s, CommandLine cl) throws ProtocolException {
        RouteSpec spec = RouteSpec.of(cl.field(2), cl.field(3), cl.field(4), cl.field(5));
        checkRouteCount(s, 1);
        String id = server.newRouteId();
        s.staged.routes.put(id, spec);
        armTtl(s);
        return Outcome.line(Reply.ROUTE_OK + "|" + id);
    }

    private Outcome routeAddBulk(Session s, String json) throws ProtocolException {
        List<Object> elements;
        try {
            elements = WireJson.parseArray(json.trim());
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        List<RouteSpec> specs = new ArrayList<>();
        for (Object e : elements) {
            if (!(e instanceof Map)) {
                throw new ProtocolException(Reply.INVALID_JSON);
            }
        }
        for (Object e : elements) {
            specs.add(RouteSpec.fromJson(e));
        }
        checkRouteCount(s, specs.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (RouteSpec spec : specs) {
            String id = server.newRouteId();
            s.staged.routes.put(id, spec);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route_id", id);
            m.put("status", "ok");
            out.add(m);
        }
        armTtl(s);
        return reply(Reply.ROUTE_BULK_OK, out);
    }

    private void checkRouteCount(Session s, int adding) throws ProtocolException {
        Set<String> ids = new LinkedHashSet<>(s.active.routes.keySet());
        ids.addAll(s.staged.routes.keySet());
        if (ids.size() + adding > server.config().maxRoutesPerSession()) {
            throw new ProtocolException(Reply.TOO_MANY_ROUTES);
        }
    }

    /**
     * Looks the route up in staged, then active (copied into staged under the same id). An update
     * of a route staged for removal cancels the removal: the last command wins.
     */
    private Outcome routeUpdate(Session s, String id, String field, String value) throws ProtocolException {
        RouteSpec current = s.staged.routes.get(id);
        if (current == null) {
            current = s.active.routes.get(id);
        }
        if (current == null) {
            throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
        }
        RouteSpec updated = switch (field) {
            case "backend_url" -> current.withBackendUrl(value);
            case "priority" -> current.withPriority(value);
            case "domains" -> current.withDomains(value);
            case "path" -> current.withPath(value);
            default -> throw new ProtocolException(Reply.UNKNOWN_FIELD);
        };
        s.staged.routes.put(id, updated);
        s.stagedRemovals.remove(id);
        armTtl(s);
        return Outcome.line(Reply.ROUTE_OK);
    }

    private Outcome routeRemove(Session s, String id) throws ProtocolException {
        if (!s.knowsRoute(id)) {
            throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
        }
        s.staged.routes.remove(id);
        if (s.active.routes.containsKey(id)) {
            s.stagedRemovals.add(id);
        } else {
            s.staged.health.remove(id);
            s.staged.rateLimits.remove(id);
            s.staged.circuits.remove(id);
        }
        armTtl(s);
        return Outcome.line(Reply.ROUTE_OK);
    }

    private static List<Map<String, Object>> routeList(Session s) {
        List<Map<String, Object>> out = new ArrayList<>();
        s.active.routes.forEach((id, spec) -> out.add(spec.toJson(id, "active")));
        s.staged.routes.forEach((id, spec) -> out.add(spec.toJson(id, "staged")));
        return out;
    }

    private Outcome headersSet(Session s, String target, String name, String value) throws ProtocolException {
        if (!target.equals("ALL")) {
            throw new ProtocolException(Reply.ROUTE_HEADERS_UNSUPPORTED);
        }
        if (!isToken(name) || value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0
                || value.length() > 4096) {
            throw new ProtocolException(Reply.INVALID_HEADER);
        }
        Set<String> names = new LinkedHashSet<>(s.active.headers.keySet());
        names.addAll(s.staged.headers.keySet());
        names.add(name);
        if (names.size() > MAX_HEADERS) {
            throw new ProtocolException(Reply.TOO_MANY_HEADERS);
        }
        s.staged.headers.put(name, value);
        s.stagedHeaderRemovals.remove(name);
        armTtl(s);
        return Outcome.line(Reply.HEADERS_OK);
    }

    private Outcome headersRemove(Session s, String target, String name) throws ProtocolException {
        if (!target.equals("ALL")) {
            throw new ProtocolException(Reply.ROUTE_HEADERS_UNSUPPORTED);
        }
        if (!isToken(name)) {
            throw new ProtocolException(Reply.INVALID_HEADER);
        }
        s.staged.headers.remove(name);
        s.stagedHeaderRemovals.add(name);
        armTtl(s);
        return Outcome.line(Reply.HEADERS_OK);
    }

    private Outcome optionsSet(Session s, String target, String key, String value) throws ProtocolException {
        if (!target.equals("ALL")) {
            throw new ProtocolException(Reply.ROUTE_OPTIONS_UNSUPPORTED);
        }
        if (!isToken(key) || key.length() > 128 || value.indexOf('\0') >= 0 || value.length() > 4096) {
            throw new ProtocolException(Reply.INVALID_OPTION);
        }
        String stored = value;
        if (DURATION_OPTIONS.contains(key)) {
            stored = io.github.maintenance.Durations.format(duration(value));
        } else if (BOOLEAN_OPTIONS.contains(key)) {
            stored = Boolean.toString(value.trim().equalsIgnoreCase("true"));
        }
        Set<String> keys = new LinkedHashSet<>(s.active.options.keySet());
        keys.addAll(s.staged.options.keySet());
        keys.add(key);
        if (keys.size() > MAX_HEADERS) {
            throw new ProtocolException(Reply.TOO_MANY_OPTIONS);
        }
        s.staged.options.put(key, stored);
        s.stagedOptionRemovals.remove(key);
        armTtl(s);
        return Outcome.line(Reply.OPTIONS_OK);
    }

    private Outcome optionsRemove(Session s, String target, String key) throws ProtocolException {
        if (!target.equals("ALL")) {
            throw new ProtocolException(Reply.ROUTE_OPTIONS_UNSUPPORTED);
        }
        if (!isToken(key) || key.length() > 128) {
            throw new ProtocolException(Reply.INVALID_OPTION);
        }
        s.staged.options.remove(key);
        s.stagedOptionRemovals.add(key);
        armTtl(s);
        return Outcome.line(Reply.OPTIONS_OK);
    }

    private Outcome healthSet(Session s, String id, String path, String interval, String timeout)
            throws ProtocolException {
        requireRoute(s, id);
        try {
            Route.normalizePath(path);
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.INVALID_PATH);
        }
        s.staged.health.put(id, new Session.Health(path, duration(interval), duration(timeout)));
        armTtl(s);
        return Outcome.line(Reply.HEALTH_OK);
    }

    private Outcome rateLimitSet(Session s, String id, String requests, String window)
            throws ProtocolException {
        requireRoute(s, id);
        int n = positiveInt(requests);
        Duration w = positiveDuration(window);
        s.staged.rateLimits.put(id, new Session.RateLimit(n, w));
        armTtl(s);
        return Outcome.line(Reply.RATELIMIT_OK);
    }

    private Outcome circuitSet(Session s, String id, String threshold, String timeout, String halfOpen)
            throws ProtocolException {
        requireRoute(s, id);
        int failures = positiveInt(threshold);
        Duration open = positiveDuration(timeout);
        int successes = positiveInt(halfOpen);
        CircuitBreakerConfig cfg;
        try {
            cfg = CircuitBreakerConfig.custom().failureThreshold(failures).openTimeout(open)
                    .successThreshold(successes).build();
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.INVALID_NUMBER);
        }
        s.staged.circuits.put(id, cfg);
        armTtl(s);
        return Outcome.line(Reply.CIRCUIT_OK);
    }

    private Outcome circuitStatus(Session s, String id) throws ProtocolException {
        if (!s.active.routes.containsKey(id)) {
            throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
        }
        RouteStatus st;
        try {
            st = server.controller().status(id);
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.BACKEND_STATUS_UNAVAILABLE);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", st.circuitState().wireName());
        m.put("failures", st.failures());
        m.put("successes", st.successes());
        m.put("last_failure", WireTime.format(st.lastFailure()));
        m.put("healthy", st.healthy());
        m.put("in_maintenance", st.inMaintenance());
        m.put("draining", st.draining());
        m.put("configured", st.circuitConfigured());
        return reply(Reply.CIRCUIT_STATUS_OK, m);
    }

    private Outcome circuitReset(Session s, Connection c, String id) throws ProtocolException {
        if (!s.active.circuits.containsKey(id)) {
            throw new ProtocolException(Reply.CIRCUIT_BREAKER_NOT_FOUND);
        }
        try {
            server.controller().resetCircuitBreaker(id, cause(s));
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.CIRCUIT_BREAKER_NOT_FOUND);
        }
        audit(s, c, "CIRCUIT_BREAKER_RESET", id);
        return Outcome.line(Reply.CIRCUIT_OK);
    }

    /** The parts of a staged configuration that CONFIG_APPLY_PARTIAL can apply. */
    enum Scope {
        ROUTES, HEADERS, OPTIONS, HEALTH, RATELIMIT, CIRCUIT
    }

    private static Set<Scope> scopes(String field) throws ProtocolException {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (String raw : field.split(",", -1)) {
            String scope = raw.trim();
            if (!SCOPES.contains(scope)) {
                throw new ProtocolException("unknown scope: " + Reply.printable(scope, 64));
            }
            out.add(Scope.valueOf(scope.toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    private Outcome configValidate(Session s) throws ProtocolException {
        validateStagedRoutes(s);
        return Outcome.line(Reply.OK);
    }

    /** Builds every staged route as the controller will get it; the first failure is the error. */
    private Map<String, Route> validateStagedRoutes(Session s) throws ProtocolException {
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Map.Entry<String, RouteSpec> e : s.staged.routes.entrySet()) {
            String id = e.getKey();
            RouteSpec spec = e.getValue();
            try {
                RouteSpec.of(String.join(",", spec.domains()), spec.path(), spec.backendUrl(),
                        Integer.toString(spec.priority()));
                Route existing = findRoute(id);
                if (existing != null && !s.active.routes.containsKey(id)) {
                    throw new ProtocolException("id already used by another route");
                }
                routes.put(id, spec.toRoute(id, s.owner()));
            } catch (ProtocolException ex) {
                throw new ProtocolException("route " + id + ": " + ex.getMessage());
            } catch (MaintenanceException ex) {
                throw new ProtocolException("route " + id + ": " + ex.getMessage());
            }
        }
        return routes;
    }

    /**
     * Applies the given scopes of the staged configuration, atomically: everything is checked
     * before anything changes.
     */
    private Outcome configApply(Session s, Connection c, Set<Scope> scopes, String command) throws ProtocolException {
        boolean routes = scopes.contains(Scope.ROUTES);
        Map<String, Route> built = routes ? validateStagedRoutes(s) : Map.of();
        Set<String> after = new LinkedHashSet<>(s.active.routes.keySet());
        if (routes) {
            after.addAll(s.staged.routes.keySet());
            after.removeAll(s.stagedRemovals);
        }
        Set<String> removing = routes ? s.stagedRemovals : Set.of();
        checkTargets(s.staged.health.keySet(), scopes.contains(Scope.HEALTH), after, removing);
        checkTargets(s.staged.rateLimits.keySet(), scopes.contains(Scope.RATELIMIT), after, removing);
        checkTargets(s.staged.circuits.keySet(), scopes.contains(Scope.CIRCUIT), after, removing);

        Cause cause = cause(s);
        List<String> changed = new ArrayList<>();
        boolean healthChanged = false;
        if (routes) {
            for (Map.Entry<String, Route> e : built.entrySet()) {
                server.controller().putRoute(e.getValue(), cause);
                s.active.routes.put(e.getKey(), s.staged.routes.get(e.getKey()));
                changed.add(e.getKey());
            }
            for (String id : s.stagedRemovals) {
                if (s.active.routes.remove(id) != null) {
                    server.removeControllerRoute(id, cause);
                    healthChanged |= s.active.health.remove(id) != null;
                    s.active.rateLimits.remove(id);
                    s.active.circuits.remove(id);
                    changed.add(id);
                }
            }
            s.staged.routes.clear();
            s.stagedRemovals.clear();
        }
        if (scopes.contains(Scope.HEADERS)) {
            s.active.headers.putAll(s.staged.headers);
            s.active.headers.keySet().removeAll(s.stagedHeaderRemovals);
            s.staged.headers.clear();
            s.stagedHeaderRemovals.clear();
        }
        if (scopes.contains(Scope.OPTIONS)) {
            s.active.options.putAll(s.staged.options);
            s.active.options.keySet().removeAll(s.stagedOptionRemovals);
            s.staged.options.clear();
            s.stagedOptionRemovals.clear();
        }
        if (scopes.contains(Scope.HEALTH)) {
            s.staged.health.forEach((id, h) -> {
                if (!removing.contains(id)) {
                    s.active.health.put(id, h);
                }
            });
            healthChanged |= !s.staged.health.isEmpty();
            s.staged.health.clear();
        }
        if (scopes.contains(Scope.RATELIMIT)) {
            s.staged.rateLimits.forEach((id, r) -> {
                if (!removing.contains(id)) {
                    s.active.rateLimits.put(id, r);
                }
            });
            s.staged.rateLimits.clear();
        }
        if (scopes.contains(Scope.CIRCUIT)) {
            for (Map.Entry<String, CircuitBreakerConfig> e : s.staged.circuits.entrySet()) {
                if (removing.contains(e.getKey())) {
                    continue;
                }
                server.controller().configureCircuitBreaker(e.getKey(), e.getValue(), cause);
                s.active.circuits.put(e.getKey(), e.getValue());
            }
            s.staged.circuits.clear();
        }
        if (healthChanged) {
            server.updateExemptPaths(s);
        }
        if (!s.hasStaged()) {
            s.stagedExpiresAt = null;
        }
        audit(s, c, command, "applied " + scopes.toString().toLowerCase(Locale.ROOT) + ", routes changed " + changed);
        server.hub().publish(EventType.CONFIG, "config_applied", server.clock().instant(), changed, cause,
                scopes.toString().toLowerCase(Locale.ROOT));
        return Outcome.line(Reply.OK);
    }

    private static void checkTargets(Set<String> ids, boolean applying, Set<String> after, Set<String> removing)
            throws ProtocolException {
        if (!applying) {
            return;
        }
        for (String id : ids) {
            if (!after.contains(id) && !removing.contains(id)) {
                throw new ProtocolException("route " + Reply.printable(id, 128) + ": not active");
            }
        }
    }

    private Outcome configRollback(Session s, Connection c) {
        clearStaged(s);
        audit(s, c, "CONFIG_ROLLBACK", "staged configuration discarded");
        server.hub().publish(EventType.CONFIG, "config_rolled_back", server.clock().instant(), List.of(), cause(s), "");
        return Outcome.line(Reply.OK);
    }

    static void clearStaged(Session s) {
        s.staged.clear();
        s.stagedRemovals.clear();
        s.stagedHeaderRemovals.clear();
        s.stagedOptionRemovals.clear();
        s.stagedExpiresAt = null;
    }

    private static Map<String, Object> configDiff(Session s) {
        List<Map<String, Object>> added = new ArrayList<>();
        s.staged.routes.forEach((id, spec) -> added.add(spec.toJson(id, "staged")));
        Map<String, Object> routes = new LinkedHashMap<>();
        routes.put("added", added);
        routes.put("removed", List.copyOf(s.stagedRemovals));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routes", routes);
        m.put("headers", s.staged.headers.size() + s.stagedHeaderRemovals.size());
        m.put("options", s.staged.options.size() + s.stagedOptionRemovals.size());
        m.put("health", s.staged.health.size());
        m.put("ratelimit", s.staged.rateLimits.size());
        m.put("circuit", s.staged.circuits.size());
        return m;
    }

    private void armTtl(Session s) {
        s.stagedExpiresAt = server.clock().instant().plus(server.config().stagedTtl());
    }

    private static void requireRoute(Session s, String id) throws ProtocolException {
        if (!s.knowsRoute(id)) {
            throw new ProtocolException(Reply.ROUTE_NOT_FOUND);
        }
    }

    // ---- statistics and backend test -----------------------------------------------------------

    /**
     * One element per active route of the session: the traffic the filter measured (all zero, and
     * {@code "detailed_statistics":false}, unless the controller counts detailed statistics).
     * Byte counters are not measured and stay 0.
     */
    private List<Map<String, Object>> stats(Session s) {
        boolean detailed = server.controller().config().detailedStatistics();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : s.active.routes.keySet()) {
            RouteTraffic t;
            try {
                t = server.controller().traffic(id);
            } catch (MaintenanceException e) {
                continue;
            }
            Map<String, Object> codes = new LinkedHashMap<>();
            t.statusCodes().forEach((code, n) -> codes.put(Integer.toString(code), n));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route_id", id);
            m.put("requests", t.requests());
            m.put("errors", t.errors());
            m.put("avg_latency_ms", t.avgLatencyMillis());
            m.put("p95_latency_ms", t.p95LatencyMillis());
            m.put("p99_latency_ms", t.p99LatencyMillis());
            m.put("bytes_sent", 0);
            m.put("bytes_received", 0);
            m.put("status_codes", codes);
            m.put("exceptions", t.exceptions());
            m.put("error_rate", t.errorRate());
            if (t.lastError() != null) {
                m.put("last_error", t.lastError());
                m.put("last_error_at", WireTime.format(t.lastErrorAt()));
            }
            m.put("detailed_statistics", detailed);
            out.add(m);
        }
        return out;
    }

    private Outcome backendTest(String url) {
        URI uri;
        try {
            if (!RouteSpec.isHttpUrl(url)) {
                throw new MaintenanceException("not an http url");
            }
            uri = server.outbound().check(url);
            if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
                uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/"
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
        } catch (IllegalArgumentException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reachable", false);
            m.put("error", Reply.INVALID_URL);
            return reply(Reply.BACKEND_FAIL, m);
        }
        Duration timeout = server.config().backendTestTimeout();
        Outbound.Result r;
        try {
            r = server.outbound().get(uri, timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = new Outbound.Result(0, false, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            r = new Outbound.Result(0, false, "timed out");
        }
        if (!r.answered()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reachable", false);
            m.put("error", r.error());
            return reply(Reply.BACKEND_FAIL, m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reachable", true);
        m.put("status_code", r.status());
        m.put("tls_valid", r.tls());
        return reply(Reply.BACKEND_OK, m);
    }

    // ---- drain ----------------------------------------------------------------------------------

    private Outcome drainStart(Session s, Connection c, String field) throws ProtocolException {
        Duration d = duration(field);
        if (d.isZero() || d.compareTo(io.github.maintenance.MaintenanceConfig.MAX_DRAIN) > 0) {
            throw new ProtocolException(Reply.INVALID_DURATION);
        }
        try {
            server.controller().startDrain(Target.all(), d, null, null, cause(s));
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.INVALID_DURATION);
        }
        RouteStatus st = server.controller().status(Route.CATCH_ALL_ID);
        Instant end = st.drainStart() == null ? server.clock().instant().plus(d) : st.drainStart().plus(d);
        audit(s, c, "DRAIN_START", io.github.maintenance.Durations.format(d));
        return Outcome.line(Reply.DRAIN_OK + "|" + WireTime.format(end));
    }

    private Outcome drainStatus() throws ProtocolException {
        RouteStatus st = server.controller().status(Route.CATCH_ALL_ID);
        if (!st.draining() || st.drainStart() == null) {
            throw new ProtocolException(Reply.NO_DRAIN);
        }
        long durationMs = st.drainDuration().toMillis();
        long elapsedMs = Math.max(0, server.controller().config().clock().millis() - st.drainStart().toEpochMilli());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("started_at", WireTime.format(st.drainStart()));
        m.put("duration_seconds", durationMs / 1000);
        m.put("elapsed_seconds", elapsedMs / 1000);
        m.put("remaining_seconds", Math.max(0, durationMs - elapsedMs) / 1000);
        m.put("traffic_percent", Math.max(0, 100 - (int) Math.min(100, Math.floor(100.0 * elapsedMs / durationMs))));
        m.put("rejected", st.drainRejected());
        return reply(Reply.DRAIN_STATUS_OK, m);
    }

    private Outcome drainCancel(Session s, Connection c) throws ProtocolException {
        if (!server.controller().status(Route.CATCH_ALL_ID).draining()) {
            throw new ProtocolException(Reply.NO_DRAIN);
        }
        server.controller().cancelDrain(Target.all(), cause(s));
        audit(s, c, "DRAIN_CANCEL", "drain ended");
        return Outcome.line(Reply.DRAIN_OK);
    }

    // ---- subscriptions ----------------------------------------------------------------------------

    private static Outcome subscribe(Session s, String name, boolean add) throws ProtocolException {
        EventType type = EventType.parse(name.trim());
        if (type == null) {
            throw new ProtocolException(Reply.UNKNOWN_EVENT_TYPE);
        }
        Set<EventType> next = s.subscriptions.isEmpty() ? EnumSet.noneOf(EventType.class)
                : EnumSet.copyOf(s.subscriptions);
        if (add) {
            next.add(type);
        } else if (type == EventType.ALL) {
            next.clear();
        } else {
            next.remove(type);
        }
        s.subscriptions = next;
        return Outcome.line(add ? Reply.SUBSCRIBE_OK : Reply.UNSUBSCRIBE_OK);
    }

    // ---- maintenance ------------------------------------------------------------------------------

    /** The request of a plain MAINT_ENTER: the page URL, or the built-in page when empty. */
    private MaintenanceRequest pageRequest(String url) throws ProtocolException {
        if (url.isEmpty()) {
            return MaintenanceRequest.defaults();
        }
        checkPageUrl(url);
        return MaintenanceRequest.builder().pageUrl(url).build();
    }

    private void checkPageUrl(String url) throws ProtocolException {
        try {
            if (!RouteSpec.isHttpUrl(url)) {
                throw new MaintenanceException("not an absolute http(s) URL");
            }
            server.outbound().check(url);
            server.controller().config().urlPolicy().check(url);
        } catch (MaintenanceException e) {
            LOG.info("Registry MAINT_ENTER refused: {}", e.getMessage());
            throw new ProtocolException(Reply.INVALID_PAGE_URL);
        }
    }

    /**
     * {@code MAINT_ENTER_EX|sid|target|{"url":…,"message":…,"until":…,"duration":…,"retry_after":…}}:
     * every key optional; {@code until} is RFC 3339, {@code duration} and {@code retry_after} are
     * durations (a bare number means seconds).
     */
    private Outcome maintEnterEx(Session s, Connection c, String target, String json) throws ProtocolException {
        Map<String, Object> m;
        try {
            m = WireJson.parseObjectOrNull(json.trim());
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        if (m == null) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        MaintenanceRequest.Builder b = MaintenanceRequest.builder();
        String url = "";
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            switch (e.getKey()) {
                case "url" -> {
                    url = string(v);
                    if (!url.isEmpty()) {
                        checkPageUrl(url);
                    }
                    b.pageUrl(url);
                }
                case "message" -> b.message(string(v));
                case "until" -> {
                    try {
                        b.until(WireTime.parseInstant(string(v)));
                    } catch (IllegalArgumentException ex) {
                        throw new ProtocolException("invalid until: expected an RFC 3339 time");
                    }
                }
                case "duration" -> b.duration(positiveDuration(v instanceof Number ? v.toString() : string(v)));
                case "retry_after" -> b.retryAfter(positiveDuration(v instanceof Number ? v.toString() : string(v)));
                default -> throw new ProtocolException("unknown field: " + Reply.printable(e.getKey(), 64));
            }
        }
        MaintenanceRequest request;
        try {
            request = b.build();
        } catch (MaintenanceException e) {
            throw new ProtocolException(e.getMessage());
        }
        return maintEnter(s, c, target, request, url);
    }

    // ---- schedules (extension) -----------------------------------------------------------------

    /** {@code MAINT_SCHEDULE|sid|target|start|end|url}: RFC 3339 times, the URL may be empty. */
    private Outcome maintSchedule(Session s, Connection c, String target, String start, String end, String url)
            throws ProtocolException {
        MaintenanceRequest.Builder b = MaintenanceRequest.builder();
        if (!url.isEmpty()) {
            checkPageUrl(url);
            b.pageUrl(url);
        }
        return schedule(s, c, target, time(start), time(end), build(b));
    }

    /**
     * {@code MAINT_SCHEDULE_EX|sid|target|{"start":…,"end":…,"url":…,"message":…,"retry_after":…}}:
     * {@code start} and {@code end} required (RFC 3339), the rest optional.
     */
    private Outcome maintScheduleEx(Session s, Connection c, String target, String json) throws ProtocolException {
        Map<String, Object> m;
        try {
            m = WireJson.parseObjectOrNull(json.trim());
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        if (m == null) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        MaintenanceRequest.Builder b = MaintenanceRequest.builder();
        Instant start = null;
        Instant end = null;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            switch (e.getKey()) {
                case "start" -> start = time(string(v));
                case "end" -> end = time(string(v));
                case "url" -> {
                    String url = string(v);
                    if (!url.isEmpty()) {
                        checkPageUrl(url);
                    }
                    b.pageUrl(url);
                }
                case "message" -> b.message(string(v));
                case "retry_after" -> b.retryAfter(positiveDuration(v instanceof Number ? v.toString() : string(v)));
                default -> throw new ProtocolException("unknown field: " + Reply.printable(e.getKey(), 64));
            }
        }
        if (start == null || end == null) {
            throw new ProtocolException("start and end are required");
        }
        return schedule(s, c, target, start, end, build(b));
    }

    private Outcome schedule(Session s, Connection c, String rawTarget, Instant start, Instant end,
            MaintenanceRequest request) throws ProtocolException {
        Target target = target(rawTarget);
        ScheduledWindow w;
        try {
            w = server.controller().schedule(target, start, end, request, cause(s));
        } catch (MaintenanceException e) {
            throw targetError(e, request.pageUrl() != null);
        }
        audit(s, c, "MAINT_SCHEDULE", rawTarget + " " + WireTime.format(start) + "/" + WireTime.format(end) + " -> "
                + w.id());
        return Outcome.line(Reply.SCHEDULE_OK + "|" + w.id());
    }

    private Outcome maintUnschedule(Session s, Connection c, String id) throws ProtocolException {
        ScheduledWindow w;
        try {
            w = server.controller().cancelSchedule(id.trim(), cause(s));
        } catch (MaintenanceException e) {
            throw new ProtocolException(e.getMessage());
        }
        audit(s, c, "MAINT_UNSCHEDULE", w.id() + " (" + w.target() + ")");
        return Outcome.line(Reply.UNSCHEDULE_OK + "|" + w.id());
    }

    private List<Map<String, Object>> schedules() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ScheduledWindow w : server.controller().schedules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", w.id());
            m.put("target", w.target());
            m.put("start", WireTime.format(w.start()));
            m.put("end", WireTime.format(w.end()));
            m.put("started", w.started());
            m.put("page_url", w.pageUrl() == null ? "" : w.pageUrl());
            m.put("message", w.message() == null ? "" : w.message());
            m.put("created_at", WireTime.format(w.createdAt()));
            m.put("cause", w.cause().toString());
            out.add(m);
        }
        return out;
    }

    private static Instant time(String text) throws ProtocolException {
        try {
            return WireTime.parseInstant(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reply.INVALID_TIME);
        }
    }

    private static MaintenanceRequest build(MaintenanceRequest.Builder b) throws ProtocolException {
        try {
            return b.build();
        } catch (MaintenanceException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    private static String string(Object v) throws ProtocolException {
        if (!(v instanceof String str)) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        return str;
    }

    private Outcome maintEnter(Session s, Connection c, String rawTarget, MaintenanceRequest request, String url)
            throws ProtocolException {
        Target target = target(rawTarget);
        s.cancelPending();
        List<String> ids;
        try {
            ids = server.controller().enter(target, request, cause(s));
        } catch (MaintenanceException e) {
            throw targetError(e, request.pageUrl() != null);
        }
        audit(s, c, "MAINT_ENTER", rawTarget + " -> " + ids + (url.isEmpty() ? "" : ", page " + url));
        if (request.pageUrl() == null) {
            return Outcome.lines(Reply.ACK, Reply.MAINT_OK + "|" + rawTarget);
        }
        Verification v = new Verification(server, s, c, URI.create(request.pageUrl()), rawTarget, true);
        s.pending.set(v);
        return Outcome.ackThenVerify(v);
    }

    private Outcome maintExit(Session s, Connection c, String rawTarget) throws ProtocolException {
        Target target = target(rawTarget);
        s.cancelPending();
        String backend = server.config().verifyBackendOnExit() ? backendToVerify(s, target) : null;
        List<String> ids;
        try {
            ids = server.controller().exit(target, cause(s));
        } catch (MaintenanceException e) {
            throw targetError(e, false);
        }
        audit(s, c, "MAINT_EXIT", rawTarget + " -> " + ids);
        URI uri = null;
        if (backend != null) {
            try {
                uri = server.outbound().check(backend);
            } catch (MaintenanceException e) {
                LOG.info("Registry MAINT_EXIT: backend {} not verified: {}", backend, e.getMessage());
            }
        }
        if (uri == null) {
            return Outcome.lines(Reply.ACK, Reply.MAINT_OK + "|" + rawTarget);
        }
        Verification v = new Verification(server, s, c, uri, rawTarget, false);
        s.pending.set(v);
        return Outcome.ackThenVerify(v);
    }

    /** ALL: the backend of the session's lowest-numbered active route; a single route id: its backend. */
    private String backendToVerify(Session s, Target target) {
        if (target.isAll()) {
            String best = null;
            long bestN = Long.MAX_VALUE;
            for (Map.Entry<String, RouteSpec> e : s.active.routes.entrySet()) {
                long n = routeNumber(e.getKey());
                if (n < bestN) {
                    bestN = n;
                    best = e.getValue().backendUrl();
                }
            }
            return best;
        }
        if (target.items().size() == 1) {
            String id = target.items().get(0);
            RouteSpec spec = s.active.routes.get(id);
            if (spec != null) {
                return spec.backendUrl();
            }
            Route r = findRoute(id);
            return r == null ? null : r.backend();
        }
        return null;
    }

    private static long routeNumber(String id) {
        try {
            return id.startsWith("r") ? Long.parseLong(id.substring(1)) : Long.MAX_VALUE - 1;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE - 1;
        }
    }

    private static Target target(String raw) throws ProtocolException {
        try {
            return Target.parse(raw);
        } catch (MaintenanceException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    private static ProtocolException targetError(MaintenanceException e, boolean withPage) {
        String m = e.getMessage();
        if (m.startsWith(Reply.ROUTE_NOT_FOUND + ": ")) {
            return new ProtocolException(m);
        }
        if (withPage && m.startsWith(Reply.INVALID_PAGE_URL)) {
            return new ProtocolException(Reply.INVALID_PAGE_URL);
        }
        return new ProtocolException(m);
    }

    private Map<String, Object> maintStatus() {
        List<String> ids = new ArrayList<>();
        List<Map<String, Object>> routes = new ArrayList<>();
        Set<String> sorted = new TreeSet<>();
        Map<String, RouteStatus> byId = new LinkedHashMap<>();
        for (RouteStatus st : server.controller().statuses()) {
            if (st.inMaintenance()) {
                sorted.add(st.routeId());
                byId.put(st.routeId(), st);
            }
        }
        for (String id : sorted) {
            RouteStatus st = byId.get(id);
            ids.add(id);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("route_id", id);
            r.put("since", WireTime.format(st.maintenanceSince()));
            r.put("page_url", st.maintenancePageUrl() == null ? "" : st.maintenancePageUrl());
            r.put("message", st.maintenanceMessage() == null ? "" : st.maintenanceMessage());
            r.put("until", st.maintenanceUntil() == null ? "" : WireTime.format(st.maintenanceUntil()));
            r.put("path", st.route().path());
            r.put("domains", st.route().domains());
            r.put("hits", st.maintenanceHits());
            routes.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in_maintenance", ids);
        m.put("routes", routes);
        RouteState all = server.controller().snapshot().state(Route.CATCH_ALL_ID);
        m.put("draining", all != null && all.draining());
        return m;
    }

    /** Every route of the controller in table order, whoever declared it, with its maintenance and drain flags. */
    private List<Map<String, Object>> maintRoutes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RouteStatus st : server.controller().statuses()) {
            Route r = st.route();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route_id", r.id());
            m.put("domains", r.domains());
            m.put("path", r.path());
            m.put("priority", r.priority());
            if (r.owner() != null) {
                m.put("owner", r.owner());
            }
            m.put("in_maintenance", st.inMaintenance());
            m.put("draining", st.draining());
            out.add(m);
        }
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private Route findRoute(String id) {
        return server.controller().snapshot().routes().find(id);
    }

    private static Cause cause(Session s) {
        return Cause.of(Cause.Source.REGISTRY, s.actor());
    }

    private static void audit(Session s, Connection c, String command, String result) {
        LOG.info("Registry {} by {} (session {}, {}): {}", command, s.actor(), s.logId(), c.peer, result);
    }

    private static Duration duration(String text) throws ProtocolException {
        try {
            return WireTime.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reply.INVALID_DURATION);
        }
    }

    private static Duration positiveDuration(String text) throws ProtocolException {
        Duration d = duration(text);
        if (d.isZero()) {
            throw new ProtocolException(Reply.INVALID_DURATION);
        }
        return d;
    }

    private static int positiveInt(String text) throws ProtocolException {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) {
                throw new ProtocolException(Reply.INVALID_NUMBER);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProtocolException(Reply.INVALID_NUMBER);
        }
    }

    /** RFC 7230 token characters. */
    static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok || c == '|') {
                return false;
            }
        }
        return true;
    }

    /** {@code <token>|<json>}, or {@code ERROR|response too large} when the line would not fit. */
    private static Outcome reply(String token, Object payload) {
        String line = token + "|" + WireJson.write(payload);
        if (line.length() * 3 >= MAX_REPLY_BYTES && line.getBytes(StandardCharsets.UTF_8).length >= MAX_REPLY_BYTES) {
            return Outcome.line(Reply.error(Reply.RESPONSE_TOO_LARGE));
        }
        return Outcome.line(line);
    }
}
