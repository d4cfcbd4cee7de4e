package io.github.maintenance.spi;

import io.github.maintenance.Cause;
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

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The one text form of a {@link StoredState}, shared by the stores that keep state outside the
 * JVM (the file store, the Redis store): the {@link Properties} format, so that the core needs no
 * JSON library and an operator can read the file.
 *
 * <h2>Keys (format 1.0)</h2>
 * <table>
 * <caption>Stored keys</caption>
 * <tr><th>key</th><th>value</th></tr>
 * <tr><td>{@code format}</td><td>{@code MAJOR.MINOR}, {@code 1.3} here (required)</td></tr>
 * <tr><td>{@code version}</td><td>the state version, a non-negative integer below 2<sup>63</sup>-1, so that a
 * later save can move past it (required)</td></tr>
 * <tr><td>{@code saved_at}</td><td>ISO-8601 instant (required)</td></tr>
 * <tr><td>{@code all.maintenance.*}</td><td>maintenance entered for {@code ALL} (fields below)</td></tr>
 * <tr><td>{@code all.drain.*}</td><td>drain started for {@code ALL} (fields below)</td></tr>
 * <tr><td>{@code route.count}</td><td>number of routes not serving, {@code route.0} to
 *     {@code route.(count-1)}</td></tr>
 * <tr><td>{@code route.N.id}</td><td>the route id ({@code *} is the catch-all)</td></tr>
 * <tr><td>{@code route.N.maintenance.*}, {@code route.N.drain.*}</td><td>its state: at least one of the two</td></tr>
 * <tr><td>{@code adhoc.count}</td><td>number of ad-hoc routes, {@code adhoc.0} ...</td></tr>
 * <tr><td>{@code adhoc.N.id}, {@code .path}, {@code .domains}, {@code .priority}, {@code .exempt},
 *     {@code .backend}</td><td>an ad-hoc route (domains and exempt paths comma-separated)</td></tr>
 * <tr><td>{@code schedule.count}</td><td>number of scheduled windows, {@code schedule.0} ... (since 1.1)</td></tr>
 * <tr><td>{@code schedule.N.id}, {@code .target}, {@code .start}, {@code .end}, {@code .created_at},
 *     {@code .started} ({@code true}/{@code false}), {@code .page_url}, {@code .message},
 *     {@code .retry_after}, {@code .cause}, {@code .actor}</td><td>a scheduled maintenance window;
 *     all but page URL, message, Retry-After and actor required</td></tr>
 * </table>
 * Maintenance fields: {@code since} (instant, required), {@code until} (instant),
 * {@code page_url}, {@code message}, {@code retry_after} (ISO-8601 duration such as {@code PT5M},
 * required), {@code cause} (a {@link Cause.Source} name, required), {@code actor}. Drain fields:
 * {@code start} (instant), {@code duration} (ISO-8601), {@code policy} ({@code standard},
 * {@code linear}, {@code custom}), {@code after} ({@code keep-rejecting}, {@code maintenance}),
 * {@code cause}, {@code actor}; all but {@code actor} required.
 * Window options, in maintenance and schedule fields, each only when set (since 1.2):
 * {@code mode} ({@code read-only}, {@code hold}; absent for {@code full}), {@code status},
 * {@code redirect}, {@code refresh} and {@code hold} (ISO-8601 durations), {@code template},
 * {@code bypass_secret_sha256} (the secret itself is never stored).
 * Maintenance field {@code began} (instant, since 1.3): when the route went into maintenance
 * without a break, written only when it is earlier than {@code since} (an {@code enter} replaced
 * a maintenance in force); absent means {@code since}.
 *
 * <h2>Versions</h2>
 * A different major version is incompatible: a newer one is refused with a message saying so.
 * Minor versions only add keys. A reader reads the keys it knows whatever the minor version, and:
 * <ul>
 *   <li>keeps keys of an unknown top-level section (the part before the first {@code .}, such
 *       as a future {@code schedule.*}) verbatim in {@link StoredState#extensions()}, so that
 *       saving the state again keeps them;</li>
 *   <li>ignores unknown keys inside the sections it knows when the minor version is newer than
 *       its own (a newer version added a field; saving again drops it), and refuses them
 *       otherwise (the text is damaged or was edited by hand);</li>
 *   <li>reads a {@code cause} it does not know as {@link Cause.Source#PEER}, and a drain
 *       {@code policy} it does not know (or {@code custom}: a policy function cannot be stored)
 *       as the standard policy.</li>
 * </ul>
 *
 * <p>{@link #encode} writes ASCII only (other characters as <code>&#92;uXXXX</code> escapes), keys in a fixed
 * order, so equal states give equal text. Stateless and thread-safe.
 */
public final class StoredStateFormat {

    /** The major format version written and read: {@link StoredState#FORMAT_VERSION}. */
    public static final int MAJOR = StoredState.FORMAT_VERSION;
    /** The minor format version written. */
    public static final int MINOR = 3;
    /** Longest text accepted by {@link #decode(String)}, in characters. */
    public static final int MAX_LENGTH = 4 * 1024 * 1024;
    /** Most route states, and separately most ad-hoc routes, in one state. */
    public static final int MAX_ROUTES = 10_000;

    static final Set<String> SECTIONS = Set.of("format", "version", "saved_at", "all", "route", "adhoc",
            "schedule");
    /** Most scheduled windows in one state. */
    public static final int MAX_SCHEDULES = 10_000;
    static final String[] MAINTENANCE_FIELDS = {"since", "until", "page_url", "message", "retry_after",
        "cause", "actor", "mode", "status", "redirect", "refresh", "template", "bypass_secret_sha256", "hold",
        "began"};
    static final String[] DRAIN_FIELDS = {"start", "duration", "policy", "after", "cause", "actor"};
    static final String[] ADHOC_FIELDS = {"id", "path", "domains", "priority", "exempt", "backend"};

    private StoredStateFormat() {
    }

    // ---- encoding -----------------------------------------------------------------------------

    /**
     * {@return the text form of {@code state}}
     *
     * @param state the state to encode
     */
    public static String encode(StoredState state) {
        return encode(state, null);
    }

    /** {@link #encode}, the route states through {@code routes} when it is not null (it keeps their text). */
    static String encode(StoredState state, StoredStateEncoder routes) {
        StringBuilder out = new StringBuilder(512);
        out.append("# Maintenance state (io.github.maintenance), format ").append(MAJOR).append('.').append(MINOR)
                .append(". Written by the library: change it through the controller.\n");
        put(out, "format", MAJOR + "." + MINOR);
        put(out, "version", Long.toString(state.version()));
        put(out, "saved_at", state.savedAt().toString());
        maintenance(out, "all.maintenance.", state.allMaintenance());
        drain(out, "all.drain.", state.allDrain());
        if (routes == null) {
            routeStates(out, "route.", state.routeStates());
        } else {
            routes.routeStates(out, "route.", state.routeStates());
        }
        adHocRoutes(out, "adhoc.", state.adHocRoutes());
        schedules(out, state.schedules());
        for (Map.Entry<String, String> e : state.extensions().entrySet()) {
            put(out, e.getKey(), e.getValue());
        }
        return out.toString();
    }

    /**
     * {@link #encode} as UTF-8 bytes (the text is ASCII).
     *
     * @param state the state to encode
     * @return the UTF-8 encoding of {@link #encode}'s text
     */
    public static byte[] encodeBytes(StoredState state) {
        return encode(state).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code PREFIXcount} and each route state under {@code PREFIXN.}, ids sorted. */
    static void routeStates(StringBuilder out, String prefix, Map<String, RouteState> routeStates) {
        List<String> ids = new ArrayList<>(routeStates.keySet());
        ids.sort(null);
        put(out, prefix + "count", Integer.toString(ids.size()));
        for (int i = 0; i < ids.size(); i++) {
            String p = prefix + i + ".";
            RouteState rs = routeStates.get(ids.get(i));
            put(out, p + "id", ids.get(i));
            maintenance(out, p + "maintenance.", rs.maintenance());
            drain(out, p + "drain.", rs.drain());
        }
    }

    /** Writes {@code PREFIXcount} and each route under {@code PREFIXN.}, in list order. */
    static void adHocRoutes(StringBuilder out, String prefix, List<Route> routes) {
        put(out, prefix + "count", Integer.toString(routes.size()));
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            String p = prefix + i + ".";
            put(out, p + "id", r.id());
            put(out, p + "path", r.path());
            if (!r.domains().isEmpty()) {
                put(out, p + "domains", String.join(",", r.domains()));
            }
            if (r.priority() != 0) {
                put(out, p + "priority", Integer.toString(r.priority()));
            }
            if (!r.exemptPaths().isEmpty()) {
                put(out, p + "exempt", String.join(",", r.exemptPaths()));
            }
            if (r.backend() != null) {
                put(out, p + "backend", r.backend());
            }
        }
    }

    /** Writes {@code schedule.count} and each window under {@code schedule.N.}, in list order. */
    static void schedules(StringBuilder out, List<ScheduledWindow> schedules) {
        put(out, "schedule.count", Integer.toString(schedules.size()));
        for (int i = 0; i < schedules.size(); i++) {
            ScheduledWindow w = schedules.get(i);
            String p = "schedule." + i + ".";
            put(out, p + "id", w.id());
            put(out, p + "target", w.target());
            put(out, p + "start", w.start().toString());
            put(out, p + "end", w.end().toString());
            put(out, p + "created_at", w.createdAt().toString());
            put(out, p + "started", Boolean.toString(w.started()));
            if (w.pageUrl() != null) {
                put(out, p + "page_url", w.pageUrl());
            }
            if (w.message() != null) {
                put(out, p + "message", w.message());
            }
            if (w.retryAfter() != null) {
                put(out, p + "retry_after", w.retryAfter().toString());
            }
            options(out, p, w.options());
            cause(out, p, w.cause());
        }
    }

    static void maintenance(StringBuilder out, String p, MaintenanceState m) {
        if (m == null) {
            return;
        }
        put(out, p + "since", m.since().toString());
        if (!m.began().equals(m.since())) {
            put(out, p + "began", m.began().toString());
        }
        if (m.until() != null) {
            put(out, p + "until", m.until().toString());
        }
        if (m.pageUrl() != null) {
            put(out, p + "page_url", m.pageUrl());
        }
        if (m.message() != null) {
            put(out, p + "message", m.message());
        }
        put(out, p + "retry_after", m.retryAfter().toString());
        options(out, p, m.options());
        cause(out, p, m.cause());
    }

    private static void options(StringBuilder out, String p, WindowOptions o) {
        if (o.mode() != MaintenanceMode.FULL) {
            put(out, p + "mode", o.mode().wireName());
        }
        if (o.status() != 0) {
            put(out, p + "status", Integer.toString(o.status()));
        }
        if (o.redirect() != null) {
            put(out, p + "redirect", o.redirect());
        }
        if (o.refresh() != null) {
            put(out, p + "refresh", o.refresh().toString());
        }
        if (o.template() != null) {
            put(out, p + "template", o.template());
        }
        if (o.bypassSecretHash() != null) {
            put(out, p + "bypass_secret_sha256", o.bypassSecretHash());
        }
        if (o.hold() != null) {
            put(out, p + "hold", o.hold().toString());
        }
    }

    static void drain(StringBuilder out, String p, DrainState d) {
        if (d == null) {
            return;
        }
        put(out, p + "start", d.start().toString());
        put(out, p + "duration", d.duration().toString());
        put(out, p + "policy", policyName(d.policy()));
        put(out, p + "after", d.afterDrain() == AfterDrain.ENTER_MAINTENANCE ? "maintenance" : "keep-rejecting");
        cause(out, p, d.cause());
    }

    private static void cause(StringBuilder out, String p, Cause c) {
        put(out, p + "cause", c.source().name());
        if (!c.actor().isEmpty()) {
            put(out, p + "actor", c.actor());
        }
    }

    private static String policyName(DrainPolicy policy) {
        if (policy == DrainPolicy.standard()) {
            return "standard";
        }
        return policy == DrainPolicy.linear() ? "linear" : "custom";
    }

    static void put(StringBuilder out, String key, String value) {
        escape(out, key, true);
        out.append('=');
        escape(out, value, false);
        out.append('\n');
    }

    /** Escapes for {@link Properties#load}: separators, comment starts, backslashes, non-ASCII. */
    private static void escape(StringBuilder out, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> {
                    if (key || i == 0) {
                        out.append('\\');
                    }
                    out.append(' ');
                }
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append("\\u").append(String.format(Locale.ROOT, "%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    // ---- decoding -----------------------------------------------------------------------------

    /**
     * Reads a state from UTF-8 bytes.
     *
     * @param utf8 the stored bytes
     * @return the state they hold
     * @throws DamagedStateException naming the first problem (not UTF-8, too long, a missing or
     *                               bad key)
     * @throws NewerFormatException  when a newer major format wrote it
     */
    public static StoredState decode(byte[] utf8) {
        return decode(text(utf8, "stored state"));
    }

    /**
     * Reads a state from its text form.
     *
     * @param text the stored text
     * @return the state it holds
     * @throws DamagedStateException naming the first problem (too long, a missing or bad key)
     * @throws NewerFormatException  when a newer major format wrote it
     */
    public static StoredState decode(String text) {
        return new StoredStateReader(keys(text, "stored state")).read();
    }

    /** The text of UTF-8 bytes, at most {@link #MAX_LENGTH} of them; else "invalid WHAT: ...". */
    static String text(byte[] utf8, String what) {
        if (utf8.length > MAX_LENGTH) {
            throw new DamagedStateException("invalid " + what + ": the " + what + " is larger than " + MAX_LENGTH
                    + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new DamagedStateException("invalid " + what + ": the " + what + " is not valid UTF-8");
        }
    }

    /** The keys of a text in {@link Properties} form, at most {@link #MAX_LENGTH} characters; else "invalid WHAT: ...". */
    static Map<String, String> keys(String text, String what) {
        if (text.length() > MAX_LENGTH) {
            throw new DamagedStateException("invalid " + what + ": the " + what + " is longer than " + MAX_LENGTH
                    + " characters");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new DamagedStateException("invalid " + what + ": not in java.util.Properties format ("
                    + LogText.safe(e.getMessage()) + ")");
        }
        Map<String, String> keys = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            keys.put(name, p.getProperty(name));
        }
        return keys;
    }
}
