package io.github.maintenance.change;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.Times;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.state.MaintenanceMode;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the field vocabulary that HTTP and text control planes share (the dashboard's actions,
 * the Actuator endpoint, the demo's control endpoint) into a {@link Change}:
 *
 * <pre>
 * {"action":"enter","target":"/admin","url":"https://status.example.com/","message":"Back at noon","duration":"30m"}
 * {"action":"exit","target":"/admin"}
 * {"action":"drain","target":"ALL","seconds":120}
 * {"action":"cancel","target":"ALL"}
 * {"action":"schedule","target":"/admin","start":"2027-01-10T02:00:00Z","end":"2027-01-10T03:00:00Z"}
 * {"action":"unschedule","id":"sch-0123456789ab"}
 * </pre>
 *
 * Values are what a JSON reader produces: strings, whole numbers ({@link Integer}, {@link Long},
 * {@link BigInteger}) and {@code null}; {@code null} and {@code ""} mean "not given" (a text
 * control plane gives whole numbers as numbers, not digit strings). For
 * {@code enter}: {@code url} (custom page), {@code message}, {@code retryAfter} (a duration) and
 * either {@code duration} (a duration such as {@code 30m}, {@code PT1H} or whole seconds) or
 * {@code until} (a time with an offset). {@code enter} and {@code schedule} also take the window
 * options ({@link WindowOptions}): {@code mode} ({@code full}, {@code read-only}, {@code hold}),
 * {@code status} (a status code, number or digits), {@code redirect}, {@code refresh} and
 * {@code hold} (durations), {@code template} (a configured template's name) and {@code secret}
 * (a bypass secret, kept only as its SHA-256).
 * Every action also takes {@code reason}: why, in the operator's words (at most
 * {@value Cause#MAX_REASON_LENGTH} characters, no control characters), which {@link #cause} puts
 * on the change's {@link Cause} for logs, events and the audit trail.
 * {@code seconds} of {@code drain} is a whole number from
 * 1 to 86400. {@code schedule} needs {@code start} and {@code end}. Unknown fields and wrong types
 * are refused with a message naming the field.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChangeFields {

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "enter", Set.of("action", "target", "url", "message", "duration", "until", "retryAfter",
                    "mode", "status", "redirect", "refresh", "template", "secret", "hold", "reason"),
            "exit", Set.of("action", "target", "reason"),
            "drain", Set.of("action", "target", "seconds", "reason"),
            "cancel", Set.of("action", "target", "reason"),
            "schedule", Set.of("action", "target", "start", "end", "url", "message", "retryAfter",
                    "mode", "status", "redirect", "refresh", "template", "secret", "hold", "reason"),
            "unschedule", Set.of("action", "id", "reason"));

    private static final String ACTION_LIST = "enter, exit, drain, cancel, schedule or unschedule";

    private ChangeFields() {
    }

    /**
     * Parses one action whose name is in {@code fields.get("action")}.
     *
     * @param defaultTarget the target when none is given, or {@code null} when it is required
     * @throws MaintenanceException naming the field and the rule it broke
     * @param fields the action's fields by name, as decoded from JSON or a form
     * @return the change they describe
     */
    public static Change parse(Map<String, ?> fields, String defaultTarget) {
        Object a = fields.get("action");
        if (a == null) {
            throw MaintenanceErrors.invalidField("missing field 'action' (" + ACTION_LIST + ")");
        }
        if (!(a instanceof String action) || !FIELDS.containsKey(action)) {
            throw MaintenanceErrors.invalidField("unknown action " + describe(a) + " (expected " + ACTION_LIST + ")");
        }
        Set<String> allowed = FIELDS.get(action);
        List<String> unknown = new ArrayList<>();
        for (Object k : fields.keySet()) {
            if (!allowed.contains(k)) {
                unknown.add(MaintenanceErrors.printable(String.valueOf(k)));
            }
        }
        if (!unknown.isEmpty()) {
            throw MaintenanceErrors.invalidField("unknown field(s) " + unknown + " for action '" + action
                    + "' (allowed: " + new TreeSet<>(allowed) + ")");
        }
        reason(fields);
        if (action.equals("unschedule")) {
            String id = string(fields, "id");
            if (id == null || id.isBlank()) {
                throw MaintenanceErrors.invalidField("missing field 'id' (the scheduled window's id, as listed by GET …/api/dashboard/schedules)");
            }
            return new Change.Unschedule(id);
        }
        Target target = target(fields, defaultTarget);
        return switch (action) {
            case "enter" -> new Change.Enter(target, enterRequest(fields));
            case "drain" -> new Change.StartDrain(target, Duration.ofSeconds(seconds(fields.get("seconds"))), null, null);
            case "schedule" -> new Change.Schedule(target, Times.parse("start", string(fields, "start")),
                    Times.parse("end", string(fields, "end")), page(fields).build());
            case "exit" -> new Change.Exit(target);
            case "cancel" -> new Change.CancelDrain(target);
            default -> throw new IllegalStateException(action);
        };
    }

    /**
     * The cause of the action in {@code fields}: {@code base} with the action's {@code reason}.
     *
     * @param fields the action's fields by name, as given to {@link #parse}
     * @param base   who made the change, through which control plane
     * @return {@code base} with the reason given, or {@code base} when none is given
     * @throws MaintenanceException when the reason is not a string, is longer than
     *                              {@value Cause#MAX_REASON_LENGTH} characters or holds a control
     *                              character
     */
    public static Cause cause(Map<String, ?> fields, Cause base) {
        return base.withReason(reason(fields));
    }

    /** The checked reason, {@code ""} when not given. */
    private static String reason(Map<String, ?> fields) {
        return Cause.checkReason(string(fields, "reason"));
    }

    private static Target target(Map<String, ?> fields, String defaultTarget) {
        String text = string(fields, "target");
        if (text == null || text.isBlank()) {
            if (defaultTarget == null) {
                throw MaintenanceErrors.invalidField("missing field 'target' (ALL, route ids, a /path or a domain)");
            }
            text = defaultTarget;
        }
        return Target.parse(text);
    }

    private static MaintenanceRequest enterRequest(Map<String, ?> fields) {
        MaintenanceRequest.Builder b = page(fields);
        Object d = fields.get("duration");
        if (d != null && !"".equals(d)) {
            b.duration(duration("duration", d));
        }
        String until = blankToNull(string(fields, "until"));
        if (until != null) {
            b.until(Times.parse("until", until));
        }
        return b.build();
    }

    /** The page URL, message and Retry-After of an enter or schedule; blank means not given. */
    private static MaintenanceRequest.Builder page(Map<String, ?> fields) {
        MaintenanceRequest.Builder b = MaintenanceRequest.builder()
                .pageUrl(blankToNull(string(fields, "url")))
                .message(blankToNull(string(fields, "message")));
        Object r = fields.get("retryAfter");
        if (r != null && !"".equals(r)) {
            b.retryAfter(duration("retryAfter", r));
        }
        return b.options(options(fields));
    }

    /** The window options of an enter or schedule; blank means not given. */
    private static WindowOptions options(Map<String, ?> fields) {
        WindowOptions.Builder o = WindowOptions.builder();
        String mode = blankToNull(string(fields, "mode"));
        if (mode != null) {
            o.mode(MaintenanceMode.parse(mode));
        }
        Object status = fields.get("status");
        if (status != null && !"".equals(status)) {
            o.status(status(status));
        }
        o.redirect(blankToNull(string(fields, "redirect")));
        Object refresh = fields.get("refresh");
        if (refresh != null && !"".equals(refresh)) {
            o.refresh(duration("refresh", refresh));
        }
        o.template(blankToNull(string(fields, "template")));
        o.bypassSecret(blankToNull(string(fields, "secret")));
        Object hold = fields.get("hold");
        if (hold != null && !"".equals(hold)) {
            o.hold(duration("hold", hold));
        }
        return o.build();
    }

    private static int status(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n >= 100 && n <= 999) {
                return (int) n;
            }
        } else if (v instanceof String t && t.trim().matches("[0-9]{3}")) {
            return Integer.parseInt(t.trim());
        }
        throw MaintenanceErrors.invalidConfig("status", describe(v), "an HTTP status code such as 503");
    }

    private static String string(Map<String, ?> fields, String key) {
        Object v = fields.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw MaintenanceErrors.invalidField("field '" + key + "' must be a string, got " + describe(v));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A duration: text in {@link Durations} syntax, or a whole number of seconds; at least one second. */
    static Duration duration(String key, Object v) {
        if (v instanceof String s) {
            Duration d;
            try {
                d = Durations.parse(s);
            } catch (MaintenanceException e) {
                throw e.prefixed("field '" + key + "': ");
            }
            if (d.isZero()) {
                throw durationError("field '" + key + "' must be positive, got '" + MaintenanceErrors.printable(s) + "'");
            }
            return d;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger n = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            if (n.signum() < 1) {
                throw durationError("field '" + key + "' must be at least 1 second, got " + n);
            }
            if (n.compareTo(BigInteger.valueOf(Durations.MAX.getSeconds())) > 0) {
                throw durationError("field '" + key + "' must be at most " + Durations.MAX.getSeconds()
                        + " seconds, got " + n);
            }
            return Duration.ofSeconds(n.longValue());
        }
        throw durationError("field '" + key + "' must be a duration such as \"30m\" or a whole number of seconds, got "
                + describe(v));
    }

    private static long seconds(Object v) {
        long max = MaintenanceConfig.MAX_DRAIN.getSeconds();
        if (v == null) {
            throw durationError("missing field 'seconds' (the drain period, 1 to " + max + ")");
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger n = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            if (n.signum() > 0 && n.compareTo(BigInteger.valueOf(max)) <= 0) {
                return n.longValue();
            }
            throw durationError("field 'seconds' must be from 1 to " + max + ", got " + n);
        }
        throw durationError("field 'seconds' must be a whole number from 1 to " + max + ", got " + describe(v));
    }

    private static MaintenanceException durationError(String message) {
        return new MaintenanceException(MaintenanceException.Kind.INVALID_DURATION, message);
    }

    /**
     * Describes a value for an error message without echoing more than 200 printable characters.
     *
     * @param v any value, possibly {@code null}
     * @return the value quoted and shortened, for use in a message
     */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + MaintenanceErrors.printable(s) + "'";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return v instanceof Number ? "the number " + v : v.getClass().getSimpleName();
    }
}
