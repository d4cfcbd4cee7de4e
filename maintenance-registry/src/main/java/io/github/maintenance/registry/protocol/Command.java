package io.github.maintenance.registry.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * The commands of the registry protocol, with the number of fields each needs and, for those that
 * carry free text or JSON in their last field, which field takes the rest of the line.
 *
 * <p>"Fields" counts field 0, the command name: {@code PING} needs 1 (the name alone), {@code
 * MAINT_ENTER|sid|target|url} needs 4. Field 1 of every command but {@code REGISTER} is the
 * session id, informational except for {@code RECONNECT}.
 *
 * <p>{@link #MAINT_ENTER_EX} is an extension of this server (the original protocol has no way to
 * send a message or an end time): {@code MAINT_ENTER_EX|sid|target|{"url":…,"message":…,
 * "until":…,"retry_after":…}}, answered exactly like {@code MAINT_ENTER}.
 *
 * <p>{@code MAINT_CLUSTER|sid} (an extension) answers {@code CLUSTER_OK|{…}}: the controller's
 * cluster view as one JSON object, or {@code ERROR|no cluster view} when its state store keeps no
 * cluster reports.
 *
 * <p>The schedule commands are extensions too: {@code MAINT_SCHEDULE|sid|target|start|end|url}
 * (RFC 3339 times; the URL may be empty) and {@code MAINT_SCHEDULE_EX|sid|target|{"start":…,
 * "end":…,"url":…,"message":…,"retry_after":…}} answer {@code SCHEDULE_OK|<id>};
 * {@code MAINT_SCHEDULES|sid} answers {@code SCHEDULES_OK|[…]}; {@code MAINT_UNSCHEDULE|sid|id}
 * answers {@code UNSCHEDULE_OK|<id>}.
 *
 * <p>{@code MAINT_ROUTES|sid} (an extension as well) answers {@code MAINT_ROUTES_OK|[…]}: every
 * route of the controller, whoever declared it, so that a client can check a target before
 * using it ({@code ROUTE_LIST} lists only the session's own routes). An element carries
 * {@code "mode":"read-only"} or {@code "mode":"hold"} when its route is in maintenance in that
 * mode; the key is absent for full maintenance and for a route not in maintenance.
 *
 * <p>{@code MAINT_REASON|sid|text} (an extension) sets the reason recorded in the audit trail with
 * the session's following changes, standard commands included ({@code MAINT_ENTER},
 * {@code DRAIN_START}, …, whose own syntax and replies stay as they are); an empty text clears it.
 * It answers {@code REASON_OK}. The JSON of {@code MAINT_ENTER_EX} and {@code MAINT_SCHEDULE_EX}
 * takes a {@code "reason"} key for that one change.
 *
 * <p>{@code MAINT_AUDIT|sid|{"limit":N,"since":"…"}} (an extension) answers
 * {@code AUDIT_OK|{"entries":[…],"truncated":…}}: the newest entries of the audit trail first.
 */
public enum Command {
    /** {@code REGISTER|service|instance|maint_port|metadata_json}: creates a session, answered {@code ACK|<session>}. */
    REGISTER(4, 4),
    /** {@code RECONNECT|sid}: resumes a session, answered {@code OK} or {@code REREGISTER}. */
    RECONNECT(1),
    /** {@code PING|sid}: keep-alive, answered {@code PONG}. */
    PING(1),
    /** {@code SESSION_INFO|sid}: describes the session, answered {@code SESSION_OK|<json>}. */
    SESSION_INFO(1),
    /** {@code ROUTE_ADD|sid|domains|path|backend_url|priority}: stages a route, answered {@code ROUTE_OK|<route_id>}. */
    ROUTE_ADD(6),
    /** {@code ROUTE_ADD_BULK|sid|json_array}: stages several routes, answered {@code ROUTE_BULK_OK|<json>}. */
    ROUTE_ADD_BULK(3, 2),
    /** {@code ROUTE_UPDATE|sid|route_id|field|value}: stages a change of one route field, answered {@code ROUTE_OK}. */
    ROUTE_UPDATE(5),
    /** {@code ROUTE_REMOVE|sid|route_id}: stages a route's removal, answered {@code ROUTE_OK}. */
    ROUTE_REMOVE(3),
    /** {@code ROUTE_LIST|sid}: lists the session's routes, answered {@code ROUTE_LIST_OK|<json>}. */
    ROUTE_LIST(1),
    /** {@code HEADERS_SET|sid|ALL|name|value}: stages a response header, answered {@code HEADERS_OK}. */
    HEADERS_SET(5, 4),
    /** {@code HEADERS_REMOVE|sid|ALL|name}: stages a header's removal, answered {@code HEADERS_OK}. */
    HEADERS_REMOVE(4),
    /** {@code OPTIONS_SET|sid|ALL|key|value}: stages an option (stored, no effect), answered {@code OPTIONS_OK}. */
    OPTIONS_SET(5, 4),
    /** {@code OPTIONS_REMOVE|sid|ALL|key}: stages an option's removal, answered {@code OPTIONS_OK}. */
    OPTIONS_REMOVE(4),
    /** {@code HEALTH_SET|sid|route_id|path|interval|timeout}: stages a health path (exempt from maintenance), answered {@code HEALTH_OK}. */
    HEALTH_SET(6),
    /** {@code RATELIMIT_SET|sid|route_id|requests|window}: stages a rate limit (stored, no effect), answered {@code RATELIMIT_OK}. */
    RATELIMIT_SET(5),
    /** {@code CIRCUIT_BREAKER_SET|sid|route_id|threshold|timeout|half_open_requests}: stages a route's breaker, answered {@code CIRCUIT_OK}. */
    CIRCUIT_BREAKER_SET(6),
    /** {@code CIRCUIT_BREAKER_STATUS|sid|route_id}: a route's breaker state, answered {@code CIRCUIT_STATUS_OK|<json>}. */
    CIRCUIT_BREAKER_STATUS(3),
    /** {@code CIRCUIT_BREAKER_RESET|sid|route_id}: closes a route's breaker, answered {@code CIRCUIT_OK}. */
    CIRCUIT_BREAKER_RESET(3),
    /** {@code CONFIG_VALIDATE|sid}: checks the staged configuration, answered {@code OK}. */
    CONFIG_VALIDATE(1),
    /** {@code CONFIG_APPLY|sid}: makes the staged configuration active, all or nothing, answered {@code OK}. */
    CONFIG_APPLY(1),
    /** {@code CONFIG_ROLLBACK|sid}: discards the staged configuration, answered {@code OK}. */
    CONFIG_ROLLBACK(1),
    /** {@code CONFIG_DIFF|sid}: the staged changes, answered {@code DIFF_OK|<json>}. */
    CONFIG_DIFF(1),
    /** {@code CONFIG_APPLY_PARTIAL|sid|scopes}: applies the staged changes of some scopes only, answered {@code OK}. */
    CONFIG_APPLY_PARTIAL(3),
    /** {@code STATS_GET|sid}: traffic figures, answered {@code STATS_OK|<json>}. */
    STATS_GET(1),
    /** {@code BACKEND_TEST|sid|url}: probes a URL, answered {@code BACKEND_OK|<json>} or {@code BACKEND_FAIL|<json>}. */
    BACKEND_TEST(3),
    /** {@code DRAIN_START|sid|duration}: starts draining, answered {@code DRAIN_OK|<RFC 3339 completion>}. */
    DRAIN_START(3),
    /** {@code DRAIN_STATUS|sid}: the drain's progress, answered {@code DRAIN_STATUS_OK|<json>}. */
    DRAIN_STATUS(1),
    /** {@code DRAIN_CANCEL|sid}: ends the drain, answered {@code DRAIN_OK}. */
    DRAIN_CANCEL(1),
    /** {@code SUBSCRIBE|sid|event_type}: subscribes to {@code EVENT} lines, answered {@code SUBSCRIBE_OK}. */
    SUBSCRIBE(3),
    /** {@code UNSUBSCRIBE|sid|event_type}: ends a subscription, answered {@code UNSUBSCRIBE_OK}. */
    UNSUBSCRIBE(3),
    /** {@code MAINT_ENTER|sid|target|page_url}: puts a target into maintenance, answered {@code ACK} then {@code MAINT_OK|<target>}. */
    MAINT_ENTER(4, 3),
    /** {@code MAINT_ENTER_EX|sid|target|<json>}: {@code MAINT_ENTER} with a message, an end time and a Retry-After (extension). */
    MAINT_ENTER_EX(4, 3),
    /** {@code MAINT_EXIT|sid|target}: takes a target out of maintenance, answered {@code ACK} then {@code MAINT_OK|<target>}. */
    MAINT_EXIT(3),
    /** {@code MAINT_STATUS|sid}: what is in maintenance, answered {@code MAINT_STATUS_OK|<json>}. */
    MAINT_STATUS(1),
    /** {@code MAINT_CLUSTER|sid}: the cluster view of the instances sharing the state store, answered {@code CLUSTER_OK|<json>} (extension). */
    MAINT_CLUSTER(1),
    /** {@code MAINT_SCHEDULE|sid|target|start|end|url}: schedules a maintenance window, answered {@code SCHEDULE_OK|<id>} (extension). */
    MAINT_SCHEDULE(5, 5),
    /** {@code MAINT_SCHEDULE_EX|sid|target|<json>}: {@code MAINT_SCHEDULE} with a message and a Retry-After (extension). */
    MAINT_SCHEDULE_EX(4, 3),
    /** {@code MAINT_SCHEDULES|sid}: the scheduled windows, answered {@code SCHEDULES_OK|[…]} (extension). */
    MAINT_SCHEDULES(1),
    /** {@code MAINT_UNSCHEDULE|sid|id}: cancels a scheduled window, answered {@code UNSCHEDULE_OK|<id>} (extension). */
    MAINT_UNSCHEDULE(3),
    /** {@code MAINT_ROUTES|sid}: every route of the controller, answered {@code MAINT_ROUTES_OK|[…]} (extension). */
    MAINT_ROUTES(1),
    /** {@code MAINT_REASON|sid|text}: the reason of the session's following changes, answered {@code REASON_OK} (extension). */
    MAINT_REASON(2, 2),
    /** {@code MAINT_AUDIT|sid|<json>}: the newest audit entries, answered {@code AUDIT_OK|{…}} (extension). */
    MAINT_AUDIT(2, 2),
    /** {@code CLIENT_SHUTDOWN|sid}: ends the session, answered {@code SHUTDOWN_OK}, then the connection closes. */
    CLIENT_SHUTDOWN(1);

    private static final Map<String, Command> BY_NAME = new HashMap<>();

    static {
        for (Command c : values()) {
            BY_NAME.put(c.name(), c);
        }
    }

    private final int minFields;
    private final int remainderField;

    Command(int minFields) {
        this(minFields, -1);
    }

    Command(int minFields, int remainderField) {
        this.minFields = minFields;
        this.remainderField = remainderField;
    }

    /**
     * {@return the command with this exact (case-sensitive) name, or {@code null}}
     *
     * @param name field 0 of a line
     */
    public static Command lookup(String name) {
        return BY_NAME.get(name);
    }

    /** {@return fields needed, field 0 included; fewer is {@code ERROR|invalid format}} */
    public int minFields() {
        return minFields;
    }

    /**
     * The index of the field that takes the rest of the line (the remaining fields re-joined with
     * {@code |}), or -1 when every {@code |} separates fields.
     *
     * @return the field index, or -1
     */
    public int remainderField() {
        return remainderField;
    }

    /** {@return the name on the wire} */
    public String wireName() {
        return name();
    }
}
