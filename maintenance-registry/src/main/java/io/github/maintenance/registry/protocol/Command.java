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
 * <p>The schedule commands are extensions too: {@code MAINT_SCHEDULE|sid|target|start|end|url}
 * (RFC 3339 times; the URL may be empty) and {@code MAINT_SCHEDULE_EX|sid|target|{"start":…,
 * "end":…,"url":…,"message":…,"retry_after":…}} answer {@code SCHEDULE_OK|<id>};
 * {@code MAINT_SCHEDULES|sid} answers {@code SCHEDULES_OK|[…]}; {@code MAINT_UNSCHEDULE|sid|id}
 * answers {@code UNSCHEDULE_OK|<id>}.
 *
 * <p>{@code MAINT_ROUTES|sid} (an extension as well) answers {@code MAINT_ROUTES_OK|[…]}: every
 * route of the controller, whoever declared it, so that a client can check a target before
 * using it ({@code ROUTE_LIST} lists only the session's own routes).
 */
public enum Command {
    REGISTER(4, 4),
    RECONNECT(1),
    PING(1),
    SESSION_INFO(1),
    ROUTE_ADD(6),
    ROUTE_ADD_BULK(3, 2),
    ROUTE_UPDATE(5),
    ROUTE_REMOVE(3),
    ROUTE_LIST(1),
    HEADERS_SET(5, 4),
    HEADERS_REMOVE(4),
    OPTIONS_SET(5, 4),
    OPTIONS_REMOVE(4),
    HEALTH_SET(6),
    RATELIMIT_SET(5),
    CIRCUIT_BREAKER_SET(6),
    CIRCUIT_BREAKER_STATUS(3),
    CIRCUIT_BREAKER_RESET(3),
    CONFIG_VALIDATE(1),
    CONFIG_APPLY(1),
    CONFIG_ROLLBACK(1),
    CONFIG_DIFF(1),
    CONFIG_APPLY_PARTIAL(3),
    STATS_GET(1),
    BACKEND_TEST(3),
    DRAIN_START(3),
    DRAIN_STATUS(1),
    DRAIN_CANCEL(1),
    SUBSCRIBE(3),
    UNSUBSCRIBE(3),
    MAINT_ENTER(4, 3),
    MAINT_ENTER_EX(4, 3),
    MAINT_EXIT(3),
    MAINT_STATUS(1),
    MAINT_SCHEDULE(5, 5),
    MAINT_SCHEDULE_EX(4, 3),
    MAINT_SCHEDULES(1),
    MAINT_UNSCHEDULE(3),
    MAINT_ROUTES(1),
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

    /** The command with this exact (case-sensitive) name, or {@code null}. */
    public static Command lookup(String name) {
        return BY_NAME.get(name);
    }

    /** Fields needed, field 0 included; fewer is {@code ERROR|invalid format}. */
    public int minFields() {
        return minFields;
    }

    /**
     * The index of the field that takes the rest of the line (the remaining fields re-joined with
     * {@code |}), or -1 when every {@code |} separates fields.
     */
    public int remainderField() {
        return remainderField;
    }

    /** The name on the wire. */
    public String wireName() {
        return name();
    }
}
