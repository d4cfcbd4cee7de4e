package io.github.maintenance.spi;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.internal.LogText;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The text form of a {@link StateDelta}: the {@link java.util.Properties} format of
 * {@link StoredStateFormat}, with the same field encodings and the same validation, so that a
 * delta is as safe to read as a whole state and costs what the change costs.
 *
 * <h2>Keys (delta format 1.0)</h2>
 * The text starts with {@code delta=}, its first key: a whole state starts with a comment
 * ({@code # Maintenance state}) and has a {@code format} key, a delta has neither, so neither
 * decoder ever takes one for the other. Absent sections are unchanged.
 * <table>
 * <caption>Delta keys</caption>
 * <tr><th>key</th><th>value</th></tr>
 * <tr><td>{@code delta}</td><td>{@code MAJOR.MINOR}, {@code 1.0} here, always the first line (required)</td></tr>
 * <tr><td>{@code base_version}</td><td>the version of the state it applies to (required)</td></tr>
 * <tr><td>{@code version}</td><td>the version it gives: greater than {@code base_version}, below
 *     2<sup>63</sup>-1 (required)</td></tr>
 * <tr><td>{@code saved_at}</td><td>ISO-8601 instant of the state it gives (required)</td></tr>
 * <tr><td>{@code all.maintenance.*}, {@code all.drain.*}</td><td>set to these fields, as in
 *     {@link StoredStateFormat}; or {@code all.maintenance=clear}, {@code all.drain=clear}: cleared</td></tr>
 * <tr><td>{@code route.count}, {@code route.N.*}</td><td>route states set (added or changed), as in
 *     {@link StoredStateFormat}</td></tr>
 * <tr><td>{@code removed.count}, {@code removed.N}</td><td>ids of routes back to serving</td></tr>
 * <tr><td>{@code adhoc_removed.count}, {@code adhoc_removed.N}</td><td>ids of ad-hoc routes removed</td></tr>
 * <tr><td>{@code adhoc.count}, {@code adhoc.N.*}</td><td>ad-hoc routes appended after the removals,
 *     as in {@link StoredStateFormat}</td></tr>
 * <tr><td>{@code schedule.count}, {@code schedule.N.*}</td><td>the whole new list of scheduled
 *     windows, as in {@link StoredStateFormat}; present only when it changed</td></tr>
 * <tr><td>{@code extension.count}, {@code extension.N.key}, {@code extension.N.value}</td><td>the
 *     whole new map of extensions; present only when it changed</td></tr>
 * </table>
 *
 * <h2>Versions</h2>
 * A delta must be understood entirely or not at all: a key this version does not know is refused
 * (a {@link NewerFormatException} when a newer minor or major version wrote it, else a
 * {@link DamagedStateException}), never skipped. A reader that cannot read a delta reads the whole
 * state instead.
 *
 * <p>{@link #encode} writes ASCII only, keys in a fixed order, so equal deltas give equal text.
 * Stateless and thread-safe.
 */
public final class StateDeltaFormat {

    /** The major delta format version written and read. */
    public static final int MAJOR = 1;
    /** The minor delta format version written. */
    public static final int MINOR = 0;
    /** What every delta text starts with (its first key). */
    public static final String PREFIX = "delta=";

    private static final String WHAT = "state delta";
    private static final String CLEAR = "clear";

    private StateDeltaFormat() {
    }

    /**
     * {@return whether {@code text} is a delta (starts with {@link #PREFIX}) rather than a whole state}
     *
     * @param text a message or stored text
     */
    public static boolean isDelta(String text) {
        return text.startsWith(PREFIX);
    }

    /**
     * {@return the text form of {@code delta}}
     *
     * @param delta the delta to encode
     */
    public static String encode(StateDelta delta) {
        StringBuilder out = new StringBuilder(256);
        StoredStateFormat.put(out, "delta", MAJOR + "." + MINOR);
        StoredStateFormat.put(out, "base_version", Long.toString(delta.baseVersion()));
        StoredStateFormat.put(out, "version", Long.toString(delta.version()));
        StoredStateFormat.put(out, "saved_at", delta.savedAt().toString());
        if (delta.allMaintenance().changed()) {
            MaintenanceState m = delta.allMaintenance().value();
            if (m == null) {
                StoredStateFormat.put(out, "all.maintenance", CLEAR);
            } else {
                StoredStateFormat.maintenance(out, "all.maintenance.", m);
            }
        }
        if (delta.allDrain().changed()) {
            DrainState d = delta.allDrain().value();
            if (d == null) {
                StoredStateFormat.put(out, "all.drain", CLEAR);
            } else {
                StoredStateFormat.drain(out, "all.drain.", d);
            }
        }
        if (!delta.setRoutes().isEmpty()) {
            StoredStateFormat.routeStates(out, "route.", delta.setRoutes());
        }
        ids(out, "removed.", delta.removedRoutes());
        ids(out, "adhoc_removed.", delta.removedAdHocRoutes());
        if (!delta.addedAdHocRoutes().isEmpty()) {
            StoredStateFormat.adHocRoutes(out, "adhoc.", delta.addedAdHocRoutes());
        }
        if (delta.schedules().changed()) {
            StoredStateFormat.schedules(out, delta.schedules().value());
        }
        if (delta.extensions().changed()) {
            Map<String, String> ext = new TreeMap<>(delta.extensions().value());
            StoredStateFormat.put(out, "extension.count", Integer.toString(ext.size()));
            int i = 0;
            for (Map.Entry<String, String> e : ext.entrySet()) {
                StoredStateFormat.put(out, "extension." + i + ".key", e.getKey());
                StoredStateFormat.put(out, "extension." + i + ".value", e.getValue());
                i++;
            }
        }
        return out.toString();
    }

    /**
     * {@link #encode} as UTF-8 bytes (the text is ASCII).
     *
     * @param delta the delta to encode
     * @return the UTF-8 encoding of {@link #encode}'s text
     */
    public static byte[] encodeBytes(StateDelta delta) {
        return encode(delta).getBytes(StandardCharsets.UTF_8);
    }

    private static void ids(StringBuilder out, String prefix, Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        StoredStateFormat.put(out, prefix + "count", Integer.toString(sorted.size()));
        for (int i = 0; i < sorted.size(); i++) {
            StoredStateFormat.put(out, prefix + i, sorted.get(i));
        }
    }

    /**
     * Reads a delta from UTF-8 bytes.
     *
     * @param utf8 the bytes
     * @return the delta they hold
     * @throws DamagedStateException naming the first problem (not UTF-8, too long, not a delta, a
     *                               missing, bad or unknown key)
     * @throws NewerFormatException  when a newer format version wrote it
     */
    public static StateDelta decode(byte[] utf8) {
        return decode(StoredStateFormat.text(utf8, WHAT));
    }

    /**
     * Reads a delta from its text form.
     *
     * @param text the text
     * @return the delta it holds
     * @throws DamagedStateException naming the first problem (too long, not a delta, a missing,
     *                               bad or unknown key)
     * @throws NewerFormatException  when a newer format version wrote it
     */
    public static StateDelta decode(String text) {
        if (!isDelta(text)) {
            throw new DamagedStateException("invalid " + WHAT + ": it does not start with '" + PREFIX
                    + "' (a whole state is read by StoredStateFormat)");
        }
        StoredStateReader r = new StoredStateReader(StoredStateFormat.keys(text, WHAT), WHAT);
        String format = r.required("delta");
        int dot = format.indexOf('.');
        int major;
        int minor;
        try {
            major = Integer.parseInt(dot < 0 ? format : format.substring(0, dot));
            minor = dot < 0 ? 0 : Integer.parseInt(format.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw r.bad("delta", format, "expected MAJOR.MINOR such as " + MAJOR + "." + MINOR);
        }
        if (major > MAJOR) {
            throw new NewerFormatException("invalid " + WHAT + ": format " + format + " was written by a newer "
                    + "version of the library; this version reads " + MAJOR + ".x");
        }
        if (major != MAJOR || minor < 0) {
            throw r.bad("delta", format, "this version reads " + MAJOR + ".x");
        }
        long base = r.longValue("base_version", r.required("base_version"));
        if (base < 0) {
            throw r.bad("base_version", Long.toString(base), "must not be negative");
        }
        long version = r.longValue("version", r.required("version"));
        if (version <= base) {
            throw r.bad("version", Long.toString(version), "must be greater than base_version " + base);
        }
        if (version == Long.MAX_VALUE) {
            throw r.bad("version", Long.toString(version), "must be below " + Long.MAX_VALUE
                    + " so that the next save can move past it");
        }
        Instant savedAt = r.instant("saved_at", r.required("saved_at"));
        StateDelta.Change<MaintenanceState> allMaintenance = cleared(r, "all.maintenance")
                ? StateDelta.Change.to(null) : change(r.maintenance("all.maintenance."));
        StateDelta.Change<DrainState> allDrain = cleared(r, "all.drain")
                ? StateDelta.Change.to(null) : change(r.drain("all.drain."));
        Map<String, RouteState> set = r.routeStates("route.");
        Set<String> removed = ids(r, "removed.", true);
        Set<String> removedAdHoc = ids(r, "adhoc_removed.", false);
        List<Route> added = r.adHocRoutes("adhoc.");
        StateDelta.Change<List<ScheduledWindow>> schedules = r.optional("schedule.count") == null
                ? StateDelta.Change.unchanged() : StateDelta.Change.to(r.schedules());
        StateDelta.Change<Map<String, String>> extensions = extensions(r);
        for (Map.Entry<String, String> e : r.keys().entrySet()) {
            if (!r.used(e.getKey())) {
                if (minor > MINOR) {
                    throw new NewerFormatException("invalid " + WHAT + ": format " + format + " has key '"
                            + LogText.safe(e.getKey())
                            + "', which this version does not know; read the whole state instead");
                }
                throw r.bad(e.getKey(), e.getValue(), "unknown key in " + WHAT + " format " + format);
            }
        }
        try {
            return new StateDelta(base, version, savedAt, set, removed, removedAdHoc, added, allMaintenance,
                    allDrain, schedules, extensions);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
    }

    private static <T> StateDelta.Change<T> change(T value) {
        return value == null ? StateDelta.Change.unchanged() : StateDelta.Change.to(value);
    }

    /** Whether {@code key} says {@code clear}; refused when it also has fields, or another value. */
    private static boolean cleared(StoredStateReader r, String key) {
        String v = r.optional(key);
        if (v == null) {
            return false;
        }
        if (!CLEAR.equals(v)) {
            throw r.bad(key, v, "expected " + CLEAR);
        }
        for (String k : r.keys().keySet()) {
            if (k.startsWith(key + ".")) {
                throw r.bad(k, r.keys().get(k), "a cleared field has no fields");
            }
        }
        return true;
    }

    private static Set<String> ids(StoredStateReader r, String prefix, boolean catchAll) {
        Set<String> ids = new HashSet<>();
        int n = r.count(prefix + "count");
        for (int i = 0; i < n; i++) {
            String id = catchAll ? r.routeId(prefix + i) : r.required(prefix + i);
            if (!catchAll) {
                try {
                    Route.validateId(id);
                } catch (MaintenanceException e) {
                    throw r.bad(prefix + i, id, e.getMessage());
                }
            }
            if (!ids.add(id)) {
                throw r.bad(prefix + i, id, "route listed twice");
            }
        }
        return ids;
    }

    private static StateDelta.Change<Map<String, String>> extensions(StoredStateReader r) {
        if (r.optional("extension.count") == null) {
            return StateDelta.Change.unchanged();
        }
        int n = r.count("extension.count");
        Map<String, String> ext = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String key = r.required("extension." + i + ".key");
            int d = key.indexOf('.');
            if (StoredStateFormat.SECTIONS.contains(d < 0 ? key : key.substring(0, d))) {
                throw r.bad("extension." + i + ".key", key, "a section of this format is not an extension");
            }
            String value = r.keys().get("extension." + i + ".value");
            r.optional("extension." + i + ".value");
            if (value == null) {
                throw r.invalid("missing key 'extension." + i + ".value'");
            }
            if (ext.put(key, value) != null) {
                throw r.bad("extension." + i + ".key", key, "listed twice");
            }
        }
        return StateDelta.Change.to(ext);
    }
}
