package io.github.maintenance.spi;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.internal.LogText;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One decoding of the {@link StoredStateFormat} keys: remembers which keys were used, to tell
 * unknown ones apart. Every problem is a {@link DamagedStateException} naming the key and the rule
 * (a newer major format is a {@link NewerFormatException}).
 */
final class StoredStateReader {
    private final Map<String, String> keys;
    private final Set<String> used = new HashSet<>();
    private final String what;

    /** Reads a full state's keys; problems say "invalid stored state". */
    StoredStateReader(Map<String, String> keys) {
        this(keys, "stored state");
    }

    /** Reads {@code keys}; problems are reported as "invalid WHAT: ...". */
    StoredStateReader(Map<String, String> keys, String what) {
        this.keys = keys;
        this.what = what;
    }

    StoredState read() {
        String format = required("format");
        int dot = format.indexOf('.');
        int major;
        int minor;
        try {
            major = Integer.parseInt(dot < 0 ? format : format.substring(0, dot));
            minor = dot < 0 ? 0 : Integer.parseInt(format.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw bad("format", format, "expected MAJOR.MINOR such as " + StoredStateFormat.MAJOR + "."
                    + StoredStateFormat.MINOR);
        }
        if (major > StoredStateFormat.MAJOR) {
            throw new NewerFormatException("invalid stored state: format " + format + " was written by a newer "
                    + "version of the library; this version reads " + StoredStateFormat.MAJOR + ".x");
        }
        if (major != StoredStateFormat.MAJOR || minor < 0) {
            throw bad("format", format, "this version reads " + StoredStateFormat.MAJOR + ".x");
        }
        long version = longValue("version", required("version"));
        if (version < 0) {
            throw bad("version", Long.toString(version), "must not be negative");
        }
        if (version == Long.MAX_VALUE) {
            // Every save needs a greater version: none could ever replace this state.
            throw bad("version", Long.toString(version), "must be below " + Long.MAX_VALUE
                    + " so that the next save can move past it");
        }
        Instant savedAt = instant("saved_at", required("saved_at"));
        MaintenanceState allMaintenance = maintenance("all.maintenance.");
        DrainState allDrain = drain("all.drain.");

        Map<String, RouteState> states = routeStates("route.");
        List<Route> adHoc = adHocRoutes("adhoc.");
        List<ScheduledWindow> schedules = schedules();

        Map<String, String> extensions = new TreeMap<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String key = e.getKey();
            if (used.contains(key)) {
                continue;
            }
            int d = key.indexOf('.');
            String section = d < 0 ? key : key.substring(0, d);
            if (!StoredStateFormat.SECTIONS.contains(section)) {
                extensions.put(key, e.getValue());
            } else if (minor <= StoredStateFormat.MINOR) {
                throw bad(key, e.getValue(), "unknown key in format " + format);
            }
            // else: a field added by a newer minor version inside a known section; ignored.
        }
        return new StoredState(version, savedAt, states, adHoc, allMaintenance, allDrain, schedules, extensions);
    }

    /** The route states under {@code PREFIXcount} and {@code PREFIXN.}: ids valid and unique, each with a state. */
    Map<String, RouteState> routeStates(String prefix) {
        Map<String, RouteState> states = new HashMap<>();
        int routes = count(prefix + "count");
        for (int i = 0; i < routes; i++) {
            String p = prefix + i + ".";
            String id = routeId(p + "id");
            MaintenanceState m = maintenance(p + "maintenance.");
            DrainState d = drain(p + "drain.");
            if (m == null && d == null) {
                throw invalid(prefix + i + " (" + LogText.safe(id) + ") has neither maintenance nor drain keys");
            }
            if (states.put(id, new RouteState(m, d)) != null) {
                throw bad(p + "id", id, "route listed twice");
            }
        }
        return states;
    }

    /** The route id in {@code key}: a valid id or the catch-all. */
    String routeId(String key) {
        String id = required(key);
        if (!Route.CATCH_ALL_ID.equals(id)) {
            try {
                Route.validateId(id);
            } catch (MaintenanceException e) {
                throw bad(key, id, e.getMessage());
            }
        }
        return id;
    }

    /** The ad-hoc routes under {@code PREFIXcount} and {@code PREFIXN.}, in order, ids unique. */
    List<Route> adHocRoutes(String prefix) {
        List<Route> adHoc = new ArrayList<>();
        Set<String> adHocIds = new HashSet<>();
        int adHocCount = count(prefix + "count");
        for (int i = 0; i < adHocCount; i++) {
            Route r = adHocRoute(prefix + i + ".");
            if (!adHocIds.add(r.id())) {
                throw bad(prefix + i + ".id", r.id(), "route listed twice");
            }
            adHoc.add(r);
        }
        return adHoc;
    }

    /** The scheduled windows under {@code schedule.count} and {@code schedule.N.}, in order, ids unique. */
    List<ScheduledWindow> schedules() {
        List<ScheduledWindow> schedules = new ArrayList<>();
        Set<String> scheduleIds = new HashSet<>();
        int scheduleCount = count("schedule.count", StoredStateFormat.MAX_SCHEDULES);
        for (int i = 0; i < scheduleCount; i++) {
            ScheduledWindow w = schedule("schedule." + i + ".");
            if (!scheduleIds.add(w.id())) {
                throw bad("schedule." + i + ".id", w.id(), "window listed twice");
            }
            schedules.add(w);
        }
        return schedules;
    }

    /** The keys read, key to value. */
    Map<String, String> keys() {
        return keys;
    }

    /** Whether {@code key} was read (or looked for) by this reader. */
    boolean used(String key) {
        return used.contains(key);
    }

    private ScheduledWindow schedule(String p) {
        String id = required(p + "id");
        if (id.length() > 64 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw bad(p + "id", id, "expected up to 64 printable ASCII characters");
        }
        String target = required(p + "target");
        try {
            io.github.maintenance.Target.parse(target);
        } catch (MaintenanceException e) {
            throw bad(p + "target", target, e.getMessage());
        }
        Instant start = instant(p + "start", required(p + "start"));
        Instant end = instant(p + "end", required(p + "end"));
        if (!end.isAfter(start)) {
            throw bad(p + "end", end.toString(), "must be after the start " + start);
        }
        Instant createdAt = instant(p + "created_at", required(p + "created_at"));
        String started = required(p + "started");
        if (!started.equals("true") && !started.equals("false")) {
            throw bad(p + "started", started, "expected true or false");
        }
        String pageUrl = optional(p + "page_url");
        if (pageUrl != null && pageUrl.length() > 2048) {
            throw bad(p + "page_url", pageUrl, "longer than 2048 characters");
        }
        String message = optional(p + "message");
        if (message != null && message.length() > 2000) {
            throw bad(p + "message", message, "longer than 2000 characters");
        }
        String retry = optional(p + "retry_after");
        Duration retryAfter = retry == null ? null : duration(p + "retry_after", retry);
        if (retryAfter != null && retryAfter.getSeconds() < 1) {
            throw bad(p + "retry_after", retry, "must be at least 1 second");
        }
        return new ScheduledWindow(id, target, start, end, pageUrl, message, retryAfter, createdAt, cause(p),
                Boolean.parseBoolean(started), options(p));
    }

    MaintenanceState maintenance(String p) {
        if (!anyWithPrefix(p, StoredStateFormat.MAINTENANCE_FIELDS)) {
            return null;
        }
        Instant since = instant(p + "since", required(p + "since"));
        String until = optional(p + "until");
        String pageUrl = optional(p + "page_url");
        if (pageUrl != null && pageUrl.length() > 2048) {
            throw bad(p + "page_url", pageUrl, "longer than 2048 characters");
        }
        String message = optional(p + "message");
        if (message != null && message.length() > 2000) {
            throw bad(p + "message", message, "longer than 2000 characters");
        }
        Duration retryAfter = duration(p + "retry_after", required(p + "retry_after"));
        if (retryAfter.getSeconds() < 1) {
            throw bad(p + "retry_after", retryAfter.toString(), "must be at least 1 second");
        }
        String began = optional(p + "began");
        Instant beganAt = began == null ? since : instant(p + "began", began);
        if (beganAt.isAfter(since)) {
            throw bad(p + "began", began, "must not be after since");
        }
        return new MaintenanceState(pageUrl, message, retryAfter, since,
                until == null ? null : instant(p + "until", until), cause(p), options(p), beganAt);
    }

    private WindowOptions options(String p) {
        String mode = optional(p + "mode");
        String status = optional(p + "status");
        String refresh = optional(p + "refresh");
        String hold = optional(p + "hold");
        String key = p + "options";
        try {
            WindowOptions.Builder b = WindowOptions.builder()
                    .redirect(optional(p + "redirect"))
                    .template(optional(p + "template"))
                    .bypassSecretHash(optional(p + "bypass_secret_sha256"));
            if (mode != null) {
                key = p + "mode";
                b.mode(MaintenanceMode.parse(mode));
            }
            if (status != null) {
                key = p + "status";
                b.status((int) longValue(key, status));
            }
            if (refresh != null) {
                b.refresh(duration(p + "refresh", refresh));
            }
            if (hold != null) {
                b.hold(duration(p + "hold", hold));
            }
            return b.build();
        } catch (MaintenanceException e) {
            throw bad(key, "…", e.getMessage());
        }
    }

    DrainState drain(String p) {
        if (!anyWithPrefix(p, StoredStateFormat.DRAIN_FIELDS)) {
            return null;
        }
        Instant start = instant(p + "start", required(p + "start"));
        Duration duration = duration(p + "duration", required(p + "duration"));
        if (duration.isZero() || duration.isNegative()) {
            throw bad(p + "duration", duration.toString(), "must be positive");
        }
        String policyName = required(p + "policy");
        DrainPolicy policy = "linear".equals(policyName) ? DrainPolicy.linear() : DrainPolicy.standard();
        String after = required(p + "after");
        AfterDrain afterDrain = switch (after) {
            case "maintenance" -> AfterDrain.ENTER_MAINTENANCE;
            case "keep-rejecting" -> AfterDrain.KEEP_REJECTING;
            default -> throw bad(p + "after", after, "expected keep-rejecting or maintenance");
        };
        return new DrainState(start, duration, policy, afterDrain, cause(p));
    }

    private Cause cause(String p) {
        String source = required(p + "cause");
        String actor = optional(p + "actor");
        Cause.Source s;
        try {
            s = Cause.Source.valueOf(source);
        } catch (IllegalArgumentException e) {
            // A source added by a newer version: it was another instance's doing.
            s = Cause.Source.PEER;
        }
        return Cause.of(s, actor);
    }

    private Route adHocRoute(String p) {
        String id = required(p + "id");
        Route.Builder b = Route.builder(id).path(required(p + "path"));
        String domains = optional(p + "domains");
        if (domains != null) {
            b.domains(List.of(domains.split(",", -1)));
        }
        String priority = optional(p + "priority");
        if (priority != null) {
            long v = longValue(p + "priority", priority);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw bad(p + "priority", priority, "out of range");
            }
            b.priority((int) v);
        }
        String exempt = optional(p + "exempt");
        if (exempt != null) {
            b.exemptPaths(List.of(exempt.split(",", -1)));
        }
        b.backend(optional(p + "backend"));
        for (String f : StoredStateFormat.ADHOC_FIELDS) {
            used.add(p + f);
        }
        try {
            return b.build();
        } catch (MaintenanceException e) {
            throw invalid(p + "*: " + e.getMessage());
        }
    }

    private boolean anyWithPrefix(String p, String[] fields) {
        for (String f : fields) {
            if (keys.containsKey(p + f)) {
                return true;
            }
        }
        return false;
    }

    int count(String key) {
        return count(key, StoredStateFormat.MAX_ROUTES);
    }

    int count(String key, int max) {
        String v = optional(key);
        if (v == null) {
            return 0;
        }
        long n = longValue(key, v);
        if (n < 0 || n > max) {
            throw bad(key, v, "must be 0 to " + max);
        }
        return (int) n;
    }

    String required(String key) {
        String v = optional(key);
        if (v == null) {
            throw invalid("missing key '" + key + "'");
        }
        return v;
    }

    String optional(String key) {
        used.add(key);
        String v = keys.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    long longValue(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "expected an integer");
        }
    }

    Instant instant(String key, String v) {
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw bad(key, v, "expected an ISO-8601 instant such as 2026-03-01T10:15:30Z");
        }
    }

    Duration duration(String key, String v) {
        try {
            return Duration.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw bad(key, v, "expected an ISO-8601 duration such as PT5M");
        }
    }

    DamagedStateException bad(String key, String value, String rule) {
        return invalid("key '" + LogText.safe(key) + "' = '" + LogText.safe(value)
                + "': " + rule);
    }

    DamagedStateException invalid(String message) {
        return new DamagedStateException("invalid " + what + ": " + message);
    }
}
