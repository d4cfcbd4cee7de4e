package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
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
 * </pre>
 *
 * {@code target} (required) is a controller target: {@code ALL}, route ids, {@code /path} or a
 * domain. For {@code enter}, {@code url} (custom page, http/https), {@code message} and
 * {@code duration} (ends maintenance by itself: {@code 90s}, {@code 30m}, {@code PT1H} or seconds)
 * are optional; {@code null} and {@code ""} mean "not given". {@code seconds} of {@code drain} is a
 * whole number from 1 to 86400. Unknown fields, wrong types, duplicate keys and trailing content
 * are refused. Immutable.
 *
 * @param action   enter, exit, drain or cancel
 * @param target   the parsed target
 * @param request  for enter: page, message and end; otherwise {@code null}
 * @param drain    for drain: the period; otherwise {@code null}
 */
record DashboardAction(String action, Target target, MaintenanceRequest request, Duration drain) {

    private static final JSON JSON_READER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "enter", Set.of("action", "target", "url", "message", "duration"),
            "exit", Set.of("action", "target"),
            "drain", Set.of("action", "target", "seconds"),
            "cancel", Set.of("action", "target"));

    static final long MAX_DRAIN_SECONDS = 86_400;

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
            throw new MaintenanceException("missing field 'action' (enter, exit, drain or cancel)");
        }
        if (!(a instanceof String action) || !FIELDS.containsKey(action)) {
            throw new MaintenanceException("unknown action " + describe(a) + " (expected enter, exit, drain or cancel)");
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
        String targetText = string(map, "target");
        if (targetText == null || targetText.isBlank()) {
            throw new MaintenanceException("missing field 'target' (ALL, route ids, a /path or a domain)");
        }
        Target target = Target.parse(targetText);
        return switch (action) {
            case "enter" -> {
                MaintenanceRequest.Builder b = MaintenanceRequest.builder()
                        .pageUrl(blankToNull(string(map, "url")))
                        .message(blankToNull(string(map, "message")));
                Object d = map.get("duration");
                if (d != null && !"".equals(d)) {
                    b.duration(duration(d));
                }
                yield new DashboardAction(action, target, b.build(), null);
            }
            case "drain" -> new DashboardAction(action, target, null, Duration.ofSeconds(seconds(map.get("seconds"))));
            default -> new DashboardAction(action, target, null, null);
        };
    }

    /**
     * Applies this action.
     *
     * @return the ids of the routes it changed
     * @throws MaintenanceException when the controller refuses it (unknown route, page URL refused)
     */
    List<String> apply(MaintenanceController controller, Cause cause) {
        return switch (action) {
            case "enter" -> controller.enter(target, request, cause);
            case "exit" -> controller.exit(target, cause);
            case "drain" -> controller.startDrain(target, drain, null, null, cause);
            case "cancel" -> controller.cancelDrain(target, cause);
            default -> throw new IllegalStateException(action);
        };
    }

    /** The success answer. */
    Map<String, Object> result(List<String> routeIds, long version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("target", target.toString());
        m.put("route_ids", routeIds);
        m.put("version", version);
        return m;
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
