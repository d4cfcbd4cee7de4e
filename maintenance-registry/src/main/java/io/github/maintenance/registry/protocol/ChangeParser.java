package io.github.maintenance.registry.protocol;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.change.Change;
import io.github.maintenance.state.MaintenanceMode;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Parses the commands that change maintenance state (maintenance, drain, schedules) into the
 * core's {@link Change} records. The wire formats are the protocol's (RFC 3339 times through
 * {@link WireTime}, Go durations, the JSON of the extensions); every rule on the values themselves
 * is the core's: the change records validate themselves when built (time range, drain bounds,
 * window order), {@link MaintenanceRequest} its fields, {@link Target} its syntax, and the
 * controller the rest when the change is applied. Their refusals are answered by kind
 * ({@link ProtocolException#refused}).
 *
 * <p>Thread-safe (immutable).
 */
final class ChangeParser {

    private static final Change.CancelDrain CANCEL_ALL = new Change.CancelDrain(Target.all());

    private final UrlPolicy outbound;

    ChangeParser(UrlPolicy outbound) {
        this.outbound = outbound;
    }

    Request parse(CommandLine line) throws ProtocolException {
        try {
            return switch (line.command()) {
                case DRAIN_START -> new DrainRequest.Start(new Change.StartDrain(Target.all(),
                        CommandParser.duration(line.field(2)), null, null));
                case DRAIN_STATUS -> new DrainRequest.Status();
                case DRAIN_CANCEL -> new DrainRequest.Cancel(CANCEL_ALL);
                case MAINT_ENTER -> enter(line.field(2), line.field(3));
                case MAINT_ENTER_EX -> enterEx(line.field(2), line.field(3));
                case MAINT_EXIT -> new MaintRequest.Exit(line.field(2), new Change.Exit(Target.parse(line.field(2))));
                case MAINT_STATUS -> new MaintRequest.Status();
                case MAINT_ROUTES -> new MaintRequest.Routes();
                case MAINT_SCHEDULE -> schedule(line.field(2), line.field(3), line.field(4),
                        line.size() > 5 ? line.field(5) : "");
                case MAINT_SCHEDULE_EX -> scheduleEx(line.field(2), line.field(3));
                case MAINT_SCHEDULES -> new ScheduleRequest.ListWindows();
                case MAINT_UNSCHEDULE -> new ScheduleRequest.Cancel(new Change.Unschedule(line.field(2)));
                default -> throw new IllegalStateException("not a change command: " + line.command());
            };
        } catch (MaintenanceException e) {
            throw ProtocolException.refused(e);
        }
    }

    // ---- maintenance ----------------------------------------------------------------------------

    /** {@code MAINT_ENTER|sid|target|page_url}: the URL (the rest of the line) is checked before the target. */
    private MaintRequest.Enter enter(String target, String url) throws ProtocolException {
        URI page = pageUri(url);
        MaintenanceRequest request = page == null ? MaintenanceRequest.defaults()
                : MaintenanceRequest.builder().pageUrl(url).build();
        return new MaintRequest.Enter(target, new Change.Enter(Target.parse(target), request), page);
    }

    /**
     * {@code MAINT_ENTER_EX|sid|target|{"url":…,"message":…,"until":…,"duration":…,"retry_after":…,
     * "reason":…}}: every key optional ({@code reason} replaces the session's reason for this change); {@code until} is RFC 3339, {@code duration} and {@code retry_after} are
     * durations or whole seconds.
     */
    private MaintRequest.Enter enterEx(String target, String json) throws ProtocolException {
        MaintenanceRequest.Builder b = MaintenanceRequest.builder();
        WindowOptions.Builder o = WindowOptions.builder();
        URI page = null;
        String reason = null;
        for (Map.Entry<String, Object> e : object(json).entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            switch (e.getKey()) {
                case "url" -> {
                    page = pageUri(string(v));
                    b.pageUrl(string(v));
                }
                case "message" -> b.message(string(v));
                case "until" -> b.until(instant(string(v), "invalid until: expected an RFC 3339 time"));
                case "duration" -> b.duration(duration("duration", v));
                case "retry_after" -> b.retryAfter(duration("retry_after", v));
                case "reason" -> reason = Cause.checkReason(string(v));
                default -> option(o, e.getKey(), v);
            }
        }
        MaintenanceRequest request = b.options(o.build()).build();
        return new MaintRequest.Enter(target, new Change.Enter(Target.parse(target), request), page, reason);
    }

    // ---- schedules ------------------------------------------------------------------------------

    /** {@code MAINT_SCHEDULE|sid|target|start|end|url}: RFC 3339 times, the URL may be empty. */
    private ScheduleRequest.Create schedule(String target, String start, String end, String url)
            throws ProtocolException {
        MaintenanceRequest.Builder b = MaintenanceRequest.builder();
        if (pageUri(url) != null) {
            b.pageUrl(url);
        }
        return create(target, instant(start, Reply.INVALID_TIME), instant(end, Reply.INVALID_TIME), b.build(), null);
    }

    /**
     * {@code MAINT_SCHEDULE_EX|sid|target|{"start":…,"end":…,"url":…,"message":…,"retry_after":…,"reason":…}}:
     * {@code start} and {@code end} required (RFC 3339), the rest optional.
     */
    private ScheduleRequest.Create scheduleEx(String target, String json) throws ProtocolException {
        MaintenanceRequest.Builder b = MaintenanceRequest.builder();
        WindowOptions.Builder o = WindowOptions.builder();
        Instant start = null;
        Instant end = null;
        String reason = null;
        for (Map.Entry<String, Object> e : object(json).entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            switch (e.getKey()) {
                case "start" -> start = instant(string(v), Reply.INVALID_TIME);
                case "end" -> end = instant(string(v), Reply.INVALID_TIME);
                case "url" -> {
                    pageUri(string(v));
                    b.pageUrl(string(v));
                }
                case "message" -> b.message(string(v));
                case "retry_after" -> b.retryAfter(duration("retry_after", v));
                case "reason" -> reason = Cause.checkReason(string(v));
                default -> option(o, e.getKey(), v);
            }
        }
        if (start == null || end == null) {
            throw new ProtocolException("start and end are required");
        }
        return create(target, start, end, b.options(o.build()).build(), reason);
    }

    private static ScheduleRequest.Create create(String target, Instant start, Instant end, MaintenanceRequest request,
            String reason) {
        return new ScheduleRequest.Create(target, new Change.Schedule(Target.parse(target), start, end, request),
                reason);
    }

    /**
     * The per-window options of the {@code _EX} commands: {@code mode} ({@code full}, {@code read-only},
     * {@code hold}), {@code status} (number), {@code redirect}, {@code refresh} and {@code hold}
     * (durations or whole seconds), {@code template}, {@code secret}. Their ranges are checked by
     * {@link WindowOptions} when built.
     */
    private static void option(WindowOptions.Builder o, String key, Object v) throws ProtocolException {
        switch (key) {
            case "mode" -> o.mode(MaintenanceMode.parse(string(v)));
            case "status" -> {
                if (!(v instanceof Integer n)) {
                    throw new ProtocolException("invalid status: expected a number");
                }
                o.status(n);
            }
            case "redirect" -> o.redirect(string(v));
            case "refresh" -> o.refresh(duration("refresh", v));
            case "template" -> o.template(string(v));
            case "secret" -> o.bypassSecret(string(v));
            case "hold" -> o.hold(duration("hold", v));
            default -> throw new ProtocolException("unknown field: " + Reply.printable(key, 64));
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    /**
     * A custom page URL, which the server will fetch to verify it: checked against the outbound
     * policy ({@code invalid maintenance page url}); {@code null} when empty (the built-in page).
     * The controller checks it against its own policy when the change is applied.
     */
    private URI pageUri(String url) throws ProtocolException {
        if (url.isEmpty()) {
            return null;
        }
        try {
            return outbound.check(url);
        } catch (MaintenanceException e) {
            throw ProtocolException.refused(e);
        }
    }

    /** An RFC 3339 time; its range (1970 to 9999) is checked by the change it goes into. */
    private static Instant instant(String text, String error) throws ProtocolException {
        try {
            return WireTime.parseInstant(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(error);
        }
    }

    /** A JSON duration: text in wire syntax, or a whole number of seconds (at least 1, at most {@link Durations#MAX}). */
    private static Duration duration(String key, Object v) throws ProtocolException {
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger n = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            return Durations.ofSeconds(key, n, 1);
        }
        return CommandParser.duration(v instanceof Number ? v.toString() : string(v));
    }

    private static Map<String, Object> object(String json) throws ProtocolException {
        Map<String, Object> m;
        try {
            m = WireJson.parseObjectOrNull(json.trim());
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        if (m == null) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        return m;
    }

    private static String string(Object v) throws ProtocolException {
        if (!(v instanceof String s)) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        return s;
    }
}
