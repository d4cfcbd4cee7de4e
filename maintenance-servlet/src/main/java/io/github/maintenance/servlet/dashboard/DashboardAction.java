package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.schedule.ScheduledWindow;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * One validated action of {@code POST …/api/dashboard/actions}, parsed from a JSON object:
 *
 * <pre>
 * {"action":"enter","target":"/admin","url":"https://status.example.com/","message":"Back at noon","duration":"30m"}
 * {"action":"exit","target":"/admin"}
 * {"action":"drain","target":"ALL","seconds":120}
 * {"action":"cancel","target":"ALL"}
 * {"action":"schedule","target":"/admin","start":"2027-01-10T02:00:00Z","end":"2027-01-10T03:00:00Z","message":"Upgrade"}
 * {"action":"unschedule","id":"sch-0123456789ab"}
 * </pre>
 *
 * {@code target} (required, except for {@code unschedule}) is a controller target: {@code ALL},
 * route ids, {@code /path} or a domain. For {@code enter}, {@code url} (custom page, http/https),
 * {@code message} and {@code duration} (ends maintenance by itself: {@code 90s}, {@code 30m},
 * {@code PT1H} or seconds) are optional; {@code null} and {@code ""} mean "not given".
 * {@code seconds} of {@code drain} is a whole number from 1 to 86400. {@code schedule} needs
 * {@code start} and {@code end}, ISO-8601 times with an offset ({@code Z} or {@code +02:00}),
 * the end after the start; {@code url} and {@code message} are optional as for {@code enter}.
 * {@code unschedule} needs the window's {@code id}. Unknown fields, wrong types, duplicate keys and
 * trailing content are refused. Immutable.
 *
 * @param action     enter, exit, drain, cancel, schedule or unschedule
 * @param target     the parsed target; {@code null} for unschedule
 * @param request    for enter and schedule: page, message (and for enter the end); otherwise {@code null}
 * @param drain      for drain: the period; otherwise {@code null}
 * @param start      for schedule: when the window starts; otherwise {@code null}
 * @param end        for schedule: when it ends; otherwise {@code null}
 * @param scheduleId for unschedule: the window's id; otherwise {@code null}
 */
record DashboardAction(String action, Target target, MaintenanceRequest request, Duration drain, Instant start,
        Instant end, String scheduleId) {

    private static final JSON JSON_READER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "enter", Set.of("action", "target", "url", "message", "duration"),
            "exit", Set.of("action", "target"),
            "drain", Set.of("action", "target", "seconds"),
            "cancel", Set.of("action", "target"),
            "schedule", Set.of("action", "target", "start", "end", "url", "message"),
            "unschedule", Set.of("action", "id"));

    private static final String ACTIONS = "enter, exit, drain, cancel, schedule or unschedule";

    static final long MAX_DRAIN_SECONDS = 86_400;

    /** Times of a schedule are accepted in this range (the page and the logs show them as dates). */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final String TIME_EXAMPLE = "2027-01-10T02:00:00Z";

    private static final String EXAMPLE = "{\"action\":\"enter\",\"target\":\"/admin\"}";

    /**
     * Parses and validates a request body.
     *
     * @throws MaintenanceException with a message for the client when the body is not a valid action
     */
    static DashboardAction parse(byte[] body) {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new MaintenanceException("the body is empty; send a JSON object such as " + EXAMPLE);
        }
        Object value;
        try (JsonParser p = FACTORY.createParser(body)) {
            value = JSON_READER.anyFrom(p);
            if (value != null && p.nextToken() != null) {
                throw new MaintenanceException("invalid JSON body: unexpected content after the object");
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            int cut = message.indexOf(" (start marker");
            if (cut > 0) {
                message = message.substring(0, cut);
            }
            JsonLocation at = e.getLocation();
            throw new MaintenanceException("invalid JSON body" + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + firstLine(message));
        } catch (IOException e) {
            throw new MaintenanceException("invalid JSON body: " + firstLine(e.getMessage()));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new MaintenanceException("the body must be a JSON object such as " + EXAMPLE);
        }
        Object a = map.get("action");
        if (a == null) {
            throw new MaintenanceException("missing field 'action' (" + ACTIONS + ")");
        }
        if (!(a instanceof String action) || !FIELDS.containsKey(action)) {
            throw new MaintenanceException("unknown action " + describe(a) + " (expected " + ACTIONS + ")");
        }
        Set<String> allowed = FIELDS.get(action);
        List<String> unknown = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (!allowed.contains(k)) {
                unknown.add(io.github.maintenance.MaintenanceErrors.printable(String.valueOf(k)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new MaintenanceException("unknown field(s) " + unknown + " for action '" + action + "' (allowed: "
                    + new TreeSet<>(allowed) + ")");
        }
        if (action.equals("unschedule")) {
            String id = string(map, "id");
            if (id == null || id.isBlank()) {
                throw new MaintenanceException("missing field 'id' (the scheduled window's id, as listed by "
                        + "GET …/api/dashboard/schedules)");
            }
            return new DashboardAction(action, null, null, null, null, null, id.trim());
        }
        String targetText = string(map, "target");
        if (targetText == null || targetText.isBlank()) {
            throw new MaintenanceException("missing field 'target' (ALL, route ids, a /path or a domain)");
        }
        Target target = Target.parse(targetText);
        return switch (action) {
            case "enter" -> {
                MaintenanceRequest.Builder b = page(map);
                Object d = map.get("duration");
                if (d != null && !"".equals(d)) {
                    b.duration(duration(d));
                }
                yield new DashboardAction(action, target, b.build(), null, null, null, null);
            }
            case "drain" -> new DashboardAction(action, target, null, Duration.ofSeconds(seconds(map.get("seconds"))),
                    null, null, null);
            case "schedule" -> {
                Instant start = time(map, "start");
                Instant end = time(map, "end");
                if (!end.isAfter(start)) {
                    throw new MaintenanceException("field 'end' (" + end + ") must be after field 'start' (" + start + ")");
                }
                yield new DashboardAction(action, target, page(map).build(), null, start, end, null);
            }
            default -> new DashboardAction(action, target, null, null, null, null, null);
        };
    }

    /**
     * Applies this action.
     *
     * @return the success answer: for enter, exit, drain and cancel
     *         {@code {"action","target","route_ids","version"}} (the routes it changed); for
     *         schedule and unschedule {@code {"action","schedule","version"}} with the window (as
     *         it was, for unschedule)
     * @throws MaintenanceException when the controller refuses it (unknown route or window, page
     *                              URL refused, end already past)
     */
    Map<String, Object> apply(MaintenanceController controller, Cause cause) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        if (action.equals("schedule") || action.equals("unschedule")) {
            ScheduledWindow w = action.equals("schedule")
                    ? current(controller, controller.schedule(target, start, end, request, cause))
                    : controller.cancelSchedule(scheduleId, cause);
            m.put("schedule", DashboardJson.schedule(w));
        } else {
            List<String> changed = switch (action) {
                case "enter" -> controller.enter(target, request, cause);
                case "exit" -> controller.exit(target, cause);
                case "drain" -> controller.startDrain(target, drain, null, null, cause);
                case "cancel" -> controller.cancelDrain(target, cause);
                default -> throw new IllegalStateException(action);
            };
            m.put("target", target.toString());
            m.put("route_ids", changed);
        }
        m.put("version", controller.snapshot().version());
        return m;
    }

    /** The window as the controller has it now (a window whose start has come started at once). */
    private static ScheduledWindow current(MaintenanceController controller, ScheduledWindow created) {
        for (ScheduledWindow w : controller.schedules()) {
            if (w.id().equals(created.id())) {
                return w;
            }
        }
        return created;
    }

    /** The page URL and message of an enter or schedule; blank means not given. */
    private static MaintenanceRequest.Builder page(Map<?, ?> map) {
        return MaintenanceRequest.builder()
                .pageUrl(blankToNull(string(map, "url")))
                .message(blankToNull(string(map, "message")));
    }

    /** A required ISO-8601 time with an offset. */
    private static Instant time(Map<?, ?> map, String key) {
        String text = string(map, key);
        if (text == null || text.isBlank()) {
            throw new MaintenanceException("missing field '" + key + "' (an ISO-8601 time with an offset such as "
                    + TIME_EXAMPLE + ")");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new MaintenanceException("field '" + key + "' must be an ISO-8601 time with an offset such as "
                    + TIME_EXAMPLE + " or 2027-01-10T03:00:00+01:00, got " + describe(text));
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new MaintenanceException("field '" + key + "' must be between the years 1970 and 9999, got "
                    + describe(text));
        }
        return t;
    }

    private static String string(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new MaintenanceException("field '" + key + "' must be a string, got " + describe(v));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Duration duration(Object v) {
        if (v instanceof String s) {
            Duration d;
            try {
                d = Durations.parse(s);
            } catch (MaintenanceException e) {
                throw new MaintenanceException("field 'duration': " + e.getMessage(), e);
            }
            if (d.isZero()) {
                throw new MaintenanceException("field 'duration' must be positive, got '" + s + "'");
            }
            return d;
        }
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n < 1) {
                throw new MaintenanceException("field 'duration' must be at least 1 second, got " + n);
            }
            return Duration.ofSeconds(n);
        }
        throw new MaintenanceException("field 'duration' must be a duration such as \"30m\" or a whole number of "
                + "seconds, got " + describe(v));
    }

    private static long seconds(Object v) {
        if (v == null) {
            throw new MaintenanceException("missing field 'seconds' (the drain period, 1 to " + MAX_DRAIN_SECONDS + ")");
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger n = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            if (n.signum() > 0 && n.compareTo(BigInteger.valueOf(MAX_DRAIN_SECONDS)) <= 0) {
                return n.longValue();
            }
            throw new MaintenanceException("field 'seconds' must be from 1 to " + MAX_DRAIN_SECONDS + ", got " + n);
        }
        throw new MaintenanceException("field 'seconds' must be a whole number from 1 to " + MAX_DRAIN_SECONDS
                + ", got " + describe(v));
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + io.github.maintenance.MaintenanceErrors.printable(s) + "'";
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

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return io.github.maintenance.MaintenanceErrors.printable(nl < 0 ? s : s.substring(0, nl));
    }
}
