package io.github.maintenance.registry.protocol;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link CommandLine} into a typed {@link Request}, refusing it with the protocol's error
 * text when a field is malformed (docs/registry-protocol.md §3–§10). Pure: no I/O, no server state;
 * the only setting is the outbound URL policy that page and backend URLs must pass. The
 * maintenance, drain and schedule commands are parsed by {@link ChangeParser} into the core's
 * change records.
 *
 * <p>Thread-safe (immutable).
 */
public final class CommandParser {

    /** Longest REGISTER metadata, as written back in SESSION_INFO. */
    public static final int MAX_METADATA_CHARS = 16 * 1024;
    /** Longest header value or option value. */
    public static final int MAX_VALUE_CHARS = 4096;

    private static final Set<String> DURATION_OPTIONS = Set.of("timeout", "health_check_interval",
            "health_check_timeout");
    private static final Set<String> BOOLEAN_OPTIONS = Set.of("websocket", "compression", "http2", "http3");

    private final UrlPolicy outbound;
    private final ChangeParser changes;

    /** @param outbound the URLs the server may fetch: maintenance pages it verifies, {@code BACKEND_TEST} */
    public CommandParser(UrlPolicy outbound) {
        this.outbound = outbound;
        this.changes = new ChangeParser(outbound);
    }

    /**
     * Parses a line of a known command.
     *
     * @param line the split line
     * @return the request, every field validated
     * @throws ProtocolException {@code unknown command: …}, {@code invalid format} for too few
     *                           fields, or the first malformed field's error
     */
    public Request parse(CommandLine line) throws ProtocolException {
        Command command = line.command();
        if (command == null) {
            throw new ProtocolException("unknown command: " + Reply.printable(line.name(), 64));
        }
        if (!line.hasEnoughFields()) {
            throw new ProtocolException(Reply.INVALID_FORMAT);
        }
        return switch (command) {
            case REGISTER -> register(line);
            case RECONNECT -> new SessionRequest.Reconnect(line.field(1));
            case PING -> new SessionRequest.Ping();
            case SESSION_INFO -> new SessionRequest.Info();
            case SUBSCRIBE -> new SessionRequest.Subscribe(eventType(line.field(2)), true);
            case UNSUBSCRIBE -> new SessionRequest.Subscribe(eventType(line.field(2)), false);
            case CLIENT_SHUTDOWN -> new SessionRequest.Shutdown();
            case MAINT_REASON -> new SessionRequest.Reason(reason(line.field(2)));
            case MAINT_AUDIT -> AuditRequest.parse(line.field(2));
            case ROUTE_ADD -> new RouteRequest.Add(RouteSpec.of(line.field(2), line.field(3), line.field(4),
                    line.field(5)));
            case ROUTE_ADD_BULK -> new RouteRequest.AddBulk(bulk(line.field(2)));
            case ROUTE_UPDATE -> new RouteRequest.Update(line.field(2), line.field(3), line.field(4));
            case ROUTE_REMOVE -> new RouteRequest.Remove(line.field(2));
            case ROUTE_LIST -> new RouteRequest.ListRoutes();
            case HEADERS_SET -> setHeader(line.field(2), line.field(3), line.field(4));
            case HEADERS_REMOVE -> new ConfigRequest.RemoveHeader(headerName(line.field(2), line.field(3)));
            case OPTIONS_SET -> setOption(line.field(2), line.field(3), line.field(4));
            case OPTIONS_REMOVE -> new ConfigRequest.RemoveOption(optionKey(line.field(2), line.field(3)));
            case HEALTH_SET -> new ConfigRequest.SetHealth(line.field(2), new ConfigRequest.HealthCheck(
                    healthPath(line.field(3)), duration(line.field(4)), duration(line.field(5))));
            case RATELIMIT_SET -> new ConfigRequest.SetRateLimit(line.field(2), new ConfigRequest.RateLimit(
                    positiveInt(line.field(3)), positiveDuration(line.field(4))));
            case CIRCUIT_BREAKER_SET -> new ConfigRequest.SetBreaker(line.field(2), breaker(line.field(3),
                    line.field(4), line.field(5)));
            case CIRCUIT_BREAKER_STATUS -> new ConfigRequest.BreakerStatus(line.field(2));
            case CIRCUIT_BREAKER_RESET -> new ConfigRequest.ResetBreaker(line.field(2));
            case CONFIG_VALIDATE -> new ConfigRequest.Validate();
            case CONFIG_APPLY -> ConfigRequest.Apply.all();
            case CONFIG_APPLY_PARTIAL -> new ConfigRequest.Apply(scopes(line.field(2)), true);
            case CONFIG_ROLLBACK -> new ConfigRequest.Rollback();
            case CONFIG_DIFF -> new ConfigRequest.Diff();
            case STATS_GET -> new StatsRequest.Stats();
            case MAINT_CLUSTER -> new StatsRequest.Cluster();
            case BACKEND_TEST -> new StatsRequest.BackendTest(backendUri(line.field(2)));
            case DRAIN_START, DRAIN_STATUS, DRAIN_CANCEL, MAINT_ENTER, MAINT_ENTER_EX, MAINT_EXIT, MAINT_STATUS,
                    MAINT_ROUTES, MAINT_SCHEDULE, MAINT_SCHEDULE_EX, MAINT_SCHEDULES, MAINT_UNSCHEDULE -> changes.parse(line);
        };
    }

    // ---- sessions -------------------------------------------------------------------------------

    private static SessionRequest.Register register(CommandLine line) throws ProtocolException {
        String service = line.field(1);
        String instance = line.field(2);
        if (!validName(service)) {
            throw new ProtocolException(Reply.INVALID_SERVICE_NAME);
        }
        if (!validName(instance)) {
            throw new ProtocolException(Reply.INVALID_INSTANCE_NAME);
        }
        String port = line.field(3).trim();
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new ProtocolException(Reply.INVALID_MAINTENANCE_PORT);
        }
        return new SessionRequest.Register(service, instance, Integer.parseInt(port),
                metadata(line.size() > 4 ? line.field(4) : ""));
    }

    /** Absent, empty or {@code {}}: an empty map; JSON {@code null}: {@code null}; otherwise an object. */
    private static Map<String, Object> metadata(String text) throws ProtocolException {
        String t = text.trim();
        if (t.isEmpty()) {
            return new LinkedHashMap<>();
        }
        if (t.length() > MAX_METADATA_CHARS) {
            throw new ProtocolException(Reply.METADATA_TOO_LARGE);
        }
        try {
            return WireJson.parseObjectOrNull(t);
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_METADATA_JSON);
        }
    }

    /** A service or instance name: 1 to 128 characters, no control characters. */
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

    /** A reason as {@link Cause#checkReason} accepts it (trimmed, {@code ""} for blank); refused with its rule. */
    private static String reason(String text) throws ProtocolException {
        try {
            return Cause.checkReason(text);
        } catch (MaintenanceException e) {
            throw ProtocolException.refused(e);
        }
    }

    private static EventType eventType(String name) throws ProtocolException {
        EventType type = EventType.parse(name.trim());
        if (type == null) {
            throw new ProtocolException(Reply.UNKNOWN_EVENT_TYPE);
        }
        return type;
    }

    // ---- routes ---------------------------------------------------------------------------------

    /** Every element validated before anything is staged (the original stages those before a bad one). */
    private static List<RouteSpec> bulk(String json) throws ProtocolException {
        List<Object> elements;
        try {
            elements = WireJson.parseArray(json.trim());
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        for (Object e : elements) {
            if (!(e instanceof Map)) {
                throw new ProtocolException(Reply.INVALID_JSON);
            }
        }
        List<RouteSpec> specs = new ArrayList<>(elements.size());
        for (Object e : elements) {
            specs.add(RouteSpec.fromJson(e));
        }
        return specs;
    }

    // ---- staged configuration -------------------------------------------------------------------

    private static ConfigRequest.SetHeader setHeader(String target, String name, String value)
            throws ProtocolException {
        headerName(target, name);
        if (value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0
                || value.length() > MAX_VALUE_CHARS) {
            throw new ProtocolException(Reply.INVALID_HEADER);
        }
        return new ConfigRequest.SetHeader(name, value);
    }

    private static String headerName(String target, String name) throws ProtocolException {
        if (!target.equals("ALL")) {
            throw new ProtocolException(Reply.ROUTE_HEADERS_UNSUPPORTED);
        }
        if (!isToken(name)) {
            throw new ProtocolException(Reply.INVALID_HEADER);
        }
        return name;
    }

    /** Durations stored formatted ({@code 30} becomes {@code 30s}), booleans as {@code true}/{@code false}. */
    private static ConfigRequest.SetOption setOption(String target, String key, String value)
            throws ProtocolException {
        optionKey(target, key);
        if (value.indexOf('\0') >= 0 || value.length() > MAX_VALUE_CHARS) {
            throw new ProtocolException(Reply.INVALID_OPTION);
        }
        String stored = value;
        if (DURATION_OPTIONS.contains(key)) {
            stored = io.github.maintenance.Durations.format(duration(value));
        } else if (BOOLEAN_OPTIONS.contains(key)) {
            stored = Boolean.toString(value.trim().equalsIgnoreCase("true"));
        }
        return new ConfigRequest.SetOption(key, stored);
    }

    private static String optionKey(String target, String key) throws ProtocolException {
        if (!target.equals("ALL")) {
            throw new ProtocolException(Reply.ROUTE_OPTIONS_UNSUPPORTED);
        }
        if (!isToken(key) || key.length() > 128) {
            throw new ProtocolException(Reply.INVALID_OPTION);
        }
        return key;
    }

    /**
     * {@return whether an option's value is shown as a JSON boolean}
     *
     * @param key an option key of {@code OPTIONS_SET}
     */
    public static boolean isBooleanOption(String key) {
        return BOOLEAN_OPTIONS.contains(key);
    }

    private static String healthPath(String path) throws ProtocolException {
        try {
            Route.normalizePath(path);
            return path;
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.INVALID_PATH);
        }
    }

    private static CircuitBreakerConfig breaker(String threshold, String timeout, String halfOpen)
            throws ProtocolException {
        int failures = positiveInt(threshold);
        Duration open = positiveDuration(timeout);
        int successes = positiveInt(halfOpen);
        try {
            return CircuitBreakerConfig.custom().failureThreshold(failures).openTimeout(open)
                    .successThreshold(successes).build();
        } catch (MaintenanceException e) {
            throw new ProtocolException(Reply.INVALID_NUMBER);
        }
    }

    /** A comma list of scopes, each trimmed; an unknown one refuses the whole command. */
    private static Set<ConfigRequest.Scope> scopes(String field) throws ProtocolException {
        Set<ConfigRequest.Scope> out = EnumSet.noneOf(ConfigRequest.Scope.class);
        for (String raw : field.split(",", -1)) {
            ConfigRequest.Scope scope = ConfigRequest.Scope.parse(raw.trim());
            if (scope == null) {
                throw new ProtocolException("unknown scope: " + Reply.printable(raw.trim(), 64));
            }
            out.add(scope);
        }
        return out;
    }

    // ---- backend test ---------------------------------------------------------------------------

    /** The URL as the outbound policy parsed it, {@code /} when its path is empty; {@code null} when refused. */
    private URI backendUri(String url) {
        try {
            URI uri = outbound.check(url);
            if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
                uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/"
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
            return uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    /** A wire duration (Go syntax, a bare integer of seconds, ISO-8601); refused as {@code invalid duration}. */
    static Duration duration(String text) throws ProtocolException {
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
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException(Reply.INVALID_NUMBER);
        }
        if (n < 1) {
            throw new ProtocolException(Reply.INVALID_NUMBER);
        }
        return n;
    }

    /**
     * {@return whether {@code s} is 1 to 256 RFC 7230 token characters}
     *
     * @param s the text to check
     */
    public static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
