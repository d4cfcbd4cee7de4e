package io.github.maintenance.internal;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.Target;
import io.github.maintenance.Times;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult.Applied;
import io.github.maintenance.event.MaintenanceEvent.Type;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.Phase;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.state.StateTransition;
import io.github.maintenance.state.StateTransition.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One transition being computed: a private working copy of a {@link ControlState} that changes
 * are applied to, plus the effects to run once it is published (counter resets, history windows,
 * log lines, events). Nothing outside this object is touched until {@link #finish()} has
 * produced the new state and the controller commits it, so a change refused anywhere, or any
 * exception, leaves the controller exactly as it was: the working copy is dropped.
 *
 * <p>Confined to the thread holding the controller's lock; not thread-safe.
 */
public final class Transition extends WorkingCopy {

    /** At most this many windows may be scheduled at once. */
    public static final int MAX_SCHEDULES = 256;

    /** A maintenance window that ended within this transition, recorded in the history on commit. */
    public record WindowEnd(String routeId, MaintenanceState maintenance, Instant end, Cause endedBy) {
    }

    /**
     * A change to log at INFO (or WARN), with a type, to deliver to listeners, and to record in the
     * audit trail: {@code target} as given, the states of {@code routeIds} before and after it.
     */
    public record Notice(Type type, List<String> routeIds, Cause cause, String detail, String log, boolean warn,
            String target, Map<String, RouteState> before, Map<String, RouteState> after) {

        /** A notice without a target or route states (not a change of state). */
        public Notice(Type type, List<String> routeIds, Cause cause, String detail, String log, boolean warn) {
            this(type, routeIds, cause, detail, log, warn, "", Map.of(), Map.of());
        }
    }

    /** A working copy of {@code base} at {@code now}. */
    public Transition(ControlState base, MaintenanceConfig config, Instant now) {
        super(base, config, now);
        mark = base.states();
    }

    /**
     * Applies one change to the working copy.
     *
     * @throws io.github.maintenance.MaintenanceException when the change is refused; the working
     *                                                    copy must then be dropped
     */
    public Applied apply(Change change, Cause cause) {
        Objects.requireNonNull(cause, "cause");
        mark(change.targetText());
        if (change instanceof Change.Enter c) {
            checkTemplate(c.request().options());
            return new Applied(c, enter(c, cause), null);
        } else if (change instanceof Change.Exit c) {
            return new Applied(c, exit(c.target(), cause), null);
        } else if (change instanceof Change.StartDrain c) {
            return new Applied(c, startDrain(c, cause), null);
        } else if (change instanceof Change.CancelDrain c) {
            return new Applied(c, cancelDrain(c.target(), cause), null);
        } else if (change instanceof Change.Schedule c) {
            return schedule(c, cause);
        } else if (change instanceof Change.Unschedule c) {
            return unschedule(c, cause);
        } else if (change instanceof Change.PutRoute c) {
            return new Applied(c, putRoute(c.route(), cause), null);
        } else if (change instanceof Change.RemoveRoute c) {
            return new Applied(c, removeRoute(c.routeId(), cause), null);
        } else if (change instanceof Change.ConfigureBreaker c) {
            return new Applied(c, configureBreaker(c, cause), null);
        } else if (change instanceof Change.SetExemptPaths c) {
            return new Applied(c, setExemptPaths(c, cause), null);
        }
        throw new IllegalArgumentException("unknown change " + change);
    }

    // ---- maintenance and drain -----------------------------------------------------------------

    private List<String> enter(Change.Enter c, Cause cause) {
        var request = c.request();
        if (request.pageUrl() != null) {
            config.urlPolicy().check(request.pageUrl());
        }
        Instant until = request.until() != null ? request.until()
                : request.duration() != null ? Times.plus("until", now, request.duration()) : null;
        if (until != null && !until.isAfter(now)) {
            throw MaintenanceErrors.invalidTime("until", until, "must be in the future");
        }
        MaintenanceState m = new MaintenanceState(request.pageUrl(), request.message(),
                request.retryAfter() != null ? request.retryAfter() : config.retryAfter(), now, until, cause,
                request.options());
        List<String> ids = resolve(c.target(), true);
        for (String id : ids) {
            RouteState old = stateOf(id);
            // Replacing a maintenance in force keeps when it began: no gap, so no new start.
            RouteState next = old.withMaintenance(old.maintenance() == null ? m : m.withBegan(old.maintenance().began()));
            StateTransition.check(Event.ENTER, old, next);
            if (old.maintenance() != null) {
                windows.add(new WindowEnd(id, old.maintenance(), now, cause));
            }
            put(id, next);
            resetHits.add(id);
        }
        if (c.target().isAll()) {
            allMaintenance = allMaintenance == null ? m : m.withBegan(allMaintenance.began());
        }
        persistent = true;
        String detail = describe(m);
        notice(Type.MAINTENANCE_ENTERED, ids, cause, detail, "Maintenance entered on " + ids + " by " + cause + ": "
                + detail);
        return ids;
    }

    /**
     * Refuses a page template the controller does not know. Checked when an entry is requested or
     * scheduled, not when a scheduled window starts (it was checked then) nor for a state read
     * from the store (a page falls back to the default template there).
     */
    private void checkTemplate(WindowOptions options) {
        String name = options.template();
        if (name != null && !config.pageTemplates().containsKey(name)) {
            throw MaintenanceErrors.invalidConfig("template", name, config.pageTemplates().isEmpty()
                    ? "no page templates are configured"
                    : "unknown page template; known are " + config.pageTemplates().keySet());
        }
    }

    List<String> exit(Target target, Cause cause) {
        List<String> ids = resolve(target, false);
        List<String> affected = new ArrayList<>();
        for (String id : ids) {
            RouteState old = stateOf(id);
            if (old.maintenance() == null) {
                continue;
            }
            RouteState next = old.withoutMaintenance();
            StateTransition.check(Event.EXIT, old, next);
            windows.add(new WindowEnd(id, old.maintenance(), now, cause));
            put(id, next);
            affected.add(id);
        }
        boolean allChanged = target.isAll() && allMaintenance != null;
        if (target.isAll()) {
            allMaintenance = null;
        }
        if (affected.isEmpty() && !allChanged) {
            return List.of();
        }
        persistent = true;
        notice(Type.MAINTENANCE_EXITED, affected, cause, "", "Maintenance exited on " + affected + " by " + cause);
        return affected;
    }

    private List<String> startDrain(Change.StartDrain c, Cause cause) {
        Times.plus("drain end", now, c.duration());
        DrainState d = new DrainState(now, c.duration(), c.policy() != null ? c.policy() : config.drainPolicy(),
                c.afterDrain() != null ? c.afterDrain() : config.afterDrain(), cause);
        List<String> ids = resolve(c.target(), true);
        for (String id : ids) {
            RouteState old = stateOf(id);
            RouteState next = old.withDrain(d);
            StateTransition.check(Event.START_DRAIN, old, next);
            put(id, next);
            resetDrain.add(id);
        }
        if (c.target().isAll()) {
            allDrain = d;
        }
        persistent = true;
        String detail = "duration=" + Durations.format(c.duration()) + ", policy=" + d.policy() + ", after="
                + d.afterDrain();
        notice(Type.DRAIN_STARTED, ids, cause, detail, "Drain started on " + ids + " by " + cause + ": " + detail);
        return ids;
    }

    private List<String> cancelDrain(Target target, Cause cause) {
        List<String> ids = resolve(target, false);
        List<String> affected = new ArrayList<>();
        for (String id : ids) {
            RouteState old = stateOf(id);
            if (old.drain() == null) {
                continue;
            }
            RouteState next = old.withoutDrain();
            StateTransition.check(Event.CANCEL_DRAIN, old, next);
            put(id, next);
            affected.add(id);
        }
        boolean allChanged = target.isAll() && allDrain != null;
        if (target.isAll()) {
            allDrain = null;
        }
        if (affected.isEmpty() && !allChanged) {
            return List.of();
        }
        persistent = true;
        notice(Type.DRAIN_CANCELLED, affected, cause, "", "Drain cancelled on " + affected + " by " + cause);
        return affected;
    }

    // ---- schedules -----------------------------------------------------------------------------

    private Applied schedule(Change.Schedule c, Cause cause) {
        if (!c.end().isAfter(now)) {
            throw MaintenanceErrors.invalidTime("end", c.end(), "must be in the future");
        }
        if (c.request().pageUrl() != null) {
            config.urlPolicy().check(c.request().pageUrl());
        }
        checkTemplate(c.request().options());
        if (schedules.size() >= MAX_SCHEDULES) {
            throw MaintenanceErrors.limitExceeded("too many scheduled windows: at most " + MAX_SCHEDULES);
        }
        List<String> ids = resolve(c.target(), true);
        var request = c.request();
        ScheduledWindow w = new ScheduledWindow(Schedules.newId(schedules, config.random()), c.target().toString(),
                c.start(), c.end(), request.pageUrl(), request.message(), request.retryAfter(), now, cause, false,
                request.options());
        schedules.add(w);
        Schedules.sort(schedules);
        persistent = true;
        notice(Type.SCHEDULE_CREATED, ids, cause, w.id() + " " + w.announcement(), "Maintenance window " + w.id()
                + " scheduled on " + ids + " by " + cause + ": " + c.start() + " to " + c.end());
        if (!now.isBefore(c.start())) {
            runSchedules();
        }
        ScheduledWindow current = Schedules.find(schedules, w.id());
        return new Applied(c, ids, current != null ? current : w);
    }

    private Applied unschedule(Change.Unschedule c, Cause cause) {
        ScheduledWindow w = Schedules.find(schedules, c.scheduleId());
        if (w == null) {
            throw MaintenanceErrors.unknownSchedule(c.scheduleId());
        }
        schedules.remove(w);
        List<String> ended = w.started() ? endScheduledMaintenance(w, cause) : List.of();
        persistent = true;
        notice(Type.SCHEDULE_CANCELLED, ended, cause, w.id() + " cancelled", "Maintenance window " + w.id()
                + " cancelled by " + cause + (ended.isEmpty() ? "" : "; maintenance ended on " + ended));
        return new Applied(c, ended, w);
    }

    /** Ends the maintenance a started window entered, where it is still that window's. */
    private List<String> endScheduledMaintenance(ScheduledWindow w, Cause cause) {
        Cause mine = Schedules.cause(w);
        if (allMaintenance != null && allMaintenance.cause().equals(mine)) {
            return exit(Target.all(), cause);
        }
        List<String> ids = new ArrayList<>();
        for (Route r : table().routes()) {
            MaintenanceState m = stateOf(r.id()).maintenance();
            if (m != null && m.cause().equals(mine)) {
                ids.add(r.id());
            }
        }
        return ids.isEmpty() ? List.of() : exit(Target.of(ids.toArray(new String[0])), cause);
    }

    /** Starts the windows whose start has come and forgets those that are over. */
    private void runSchedules() {
        for (ScheduledWindow w : List.copyOf(schedules)) {
            if (!now.isBefore(w.end())) {
                schedules.remove(w);
                persistent = true;
                if (!w.started()) {
                    notice(Type.SCHEDULE_CANCELLED, List.of(), Cause.timer(), w.id() + " missed", "Maintenance window "
                            + w.id() + " on " + w.target() + " missed: it ended at " + w.end()
                            + " before it could start", true);
                }
            } else if (!w.started() && !now.isBefore(w.start())) {
                int at = schedules.indexOf(w);
                schedules.set(at, w.asStarted());
                persistent = true;
                String outer = target;
                mark(w.target());
                try {
                    enter(Schedules.entry(w), Schedules.cause(w));
                } catch (RuntimeException e) {
                    // Validation runs before the working copy changes, so nothing of it is left.
                    schedules.remove(w.asStarted());
                    notice(Type.SCHEDULE_CANCELLED, List.of(), Cause.timer(), w.id() + " failed: " + e.getMessage(),
                            "Maintenance window " + w.id() + " could not start: " + e.getMessage(), true);
                } finally {
                    target = outer;
                }
            }
        }
    }

    // ---- routes, breakers, exempt paths ----------------------------------------------------------

    private List<String> putRoute(Route route, Cause cause) {
        boolean replaced = replaceIn(declared, route) || replaceIn(adHoc, route);
        if (!replaced) {
            declared.add(route);
            if (config.circuitBreaker() != null) {
                breakers.put(route.id(), config.circuitBreaker());
            }
            RouteState inherited = RouteState.SERVING;
            if (allMaintenance != null) {
                inherited = inherited.withMaintenance(allMaintenance);
            }
            if (allDrain != null) {
                inherited = inherited.withDrain(allDrain);
            }
            put(route.id(), inherited);
        }
        table = null;
        persistent = true;
        notice(replaced ? Type.ROUTE_UPDATED : Type.ROUTE_ADDED, List.of(route.id()), cause, route.toString(),
                "Route " + (replaced ? "updated" : "added") + " by " + cause + ": " + route);
        return List.of(route.id());
    }

    private List<String> removeRoute(String routeId, Cause cause) {
        Route r = table().find(routeId);
        if (r == null) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        RouteState s = stateOf(routeId);
        if (s.maintenance() != null) {
            windows.add(new WindowEnd(routeId, s.maintenance(), now, cause));
        }
        declared.removeIf(x -> x.id().equals(routeId));
        adHoc.removeIf(x -> x.id().equals(routeId));
        states.remove(routeId);
        breakers.remove(routeId);
        table = null;
        persistent = true;
        notice(Type.ROUTE_REMOVED, List.of(routeId), cause, r.toString(), "Route removed by " + cause + ": " + r);
        return List.of(routeId);
    }

    private List<String> configureBreaker(Change.ConfigureBreaker c, Cause cause) {
        if (table().find(c.routeId()) == null) {
            throw MaintenanceErrors.unknownRoute(c.routeId());
        }
        if (c.config() == null) {
            if (breakers.remove(c.routeId()) == null) {
                return List.of();
            }
        } else {
            breakers.put(c.routeId(), c.config());
            freshBreakers.add(c.routeId());
        }
        changed = true;
        String detail = "circuit breaker " + (c.config() == null ? "off" : c.config().toString());
        notice(Type.ROUTE_UPDATED, List.of(c.routeId()), cause, detail, "Route " + c.routeId() + " " + detail + " by "
                + cause);
        return List.of(c.routeId());
    }

    private List<String> setExemptPaths(Change.SetExemptPaths c, Cause cause) {
        List<String> previous = c.paths().isEmpty() ? exempt.remove(c.owner()) : exempt.put(c.owner(), c.paths());
        if (c.paths().equals(previous == null ? List.of() : previous)) {
            return List.of();
        }
        changed = true;
        notice(null, List.of(), cause, "", "Exempt paths of " + c.owner() + " set by " + cause + ": " + c.paths());
        return List.of();
    }

    // ---- time and the store ----------------------------------------------------------------------

    /**
     * Applies the time-based transitions due at {@code now}: windows start or are forgotten,
     * maintenance whose {@code until} has passed ends, maintenance without an end that has lasted
     * the configured maximum duration ends, finished drains configured to enter maintenance do so.
     */
    public void tick() {
        runSchedules();
        long nowMillis = now.toEpochMilli();
        Cause cause = Cause.timer();
        List<String> capped = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        MaintenanceState afterDrainState = null;
        for (Route r : table().routes()) {
            String id = r.id();
            RouteState old = stateOf(id);
            boolean over = old.maintenance() != null && overMaxDuration(old.maintenance());
            if (old.maintenance() != null && (over || old.maintenance().isExpired(nowMillis))) {
                RouteState next = old.withoutMaintenance();
                StateTransition.check(Event.EXPIRE, old, next);
                windows.add(new WindowEnd(id, old.maintenance(), now, cause));
                put(id, next);
                (over ? capped : expired).add(id);
                old = next;
            }
            DrainState d = old.drain();
            if (d != null && old.maintenance() == null && d.afterDrain() == AfterDrain.ENTER_MAINTENANCE
                    && d.isOver(nowMillis)) {
                if (afterDrainState == null) {
                    afterDrainState = new MaintenanceState(null, null, config.retryAfter(), now, null, cause);
                }
                RouteState next = RouteState.SERVING.withMaintenance(afterDrainState);
                StateTransition.check(Event.DRAIN_OVER, old, next);
                put(id, next);
                resetHits.add(id);
                completed.add(id);
            }
        }
        if (allMaintenance != null && (allMaintenance.isExpired(nowMillis) || overMaxDuration(allMaintenance))) {
            allMaintenance = null;
            persistent = true;
        }
        if (allDrain != null && allDrain.afterDrain() == AfterDrain.ENTER_MAINTENANCE
                && allDrain.isOver(nowMillis)) {
            allDrain = null;
            if (allMaintenance == null && afterDrainState != null) {
                allMaintenance = afterDrainState;
            }
            persistent = true;
        }
        if (!capped.isEmpty()) {
            persistent = true;
            String max = Durations.format(config.maxDuration());
            notice(Type.MAINTENANCE_EXITED, capped, cause, "max duration reached (" + max + ")",
                    "Maintenance ended on " + capped + ": it had no end and lasted the maximum duration of " + max
                    + " (maxDuration)", true);
        }
        if (!expired.isEmpty()) {
            persistent = true;
            notice(Type.MAINTENANCE_EXITED, expired, cause, "until reached", "Maintenance ended on " + expired
                    + ": end time reached");
        }
        if (!completed.isEmpty()) {
            persistent = true;
            notice(Type.DRAIN_COMPLETED, completed, cause, "drain period over", "Drain period over on " + completed
                    + ": entered maintenance");
        }
    }

    /** Whether {@code m} has no end and has lasted the configured maximum duration (when there is one). */
    private boolean overMaxDuration(MaintenanceState m) {
        return m.until() == null && !config.maxDuration().isZero() && m.age(now).compareTo(config.maxDuration()) >= 0;
    }

    /**
     * Replaces the working copy's state with a stored one (routes declared here are kept; saved
     * states of unknown routes are ignored).
     *
     * @return the ids of the saved states that were ignored
     */
    public List<String> adopt(io.github.maintenance.spi.StoredState s) {
        StoredStates.checkTimes(s);
        List<Route> adHocBefore = List.copyOf(adHoc);
        Map<String, Route> keep = new HashMap<>();
        for (Route r : s.adHocRoutes()) {
            if (declared.stream().noneMatch(x -> x.id().equals(r.id()))) {
                keep.put(r.id(), r);
            }
        }
        adHoc.removeIf(r -> !keep.containsKey(r.id()));
        for (Route r : s.adHocRoutes()) {
            if (keep.containsKey(r.id()) && !replaceIn(adHoc, r)) {
                adHoc.add(r);
                if (config.circuitBreaker() != null) {
                    breakers.putIfAbsent(r.id(), config.circuitBreaker());
                }
            }
        }
        if (!adHoc.equals(adHocBefore)) {
            table = null; // the table of unchanged routes is kept: rebuilding it is the bulk of an adoption
        }
        Map<String, RouteState> previous = new HashMap<>(states);
        states.clear();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, RouteState> e : s.routeStates().entrySet()) {
            if (table().find(e.getKey()) == null) {
                ignored.add(e.getKey());
                continue;
            }
            put(e.getKey(), e.getValue());
            RouteState before = previous.getOrDefault(e.getKey(), RouteState.SERVING);
            MaintenanceState m = e.getValue().maintenance();
            if (m != null && (before.maintenance() == null || !before.maintenance().since().equals(m.since()))) {
                resetHits.add(e.getKey());
            }
        }
        allMaintenance = s.allMaintenance();
        allDrain = s.allDrain();
        schedules.clear();
        schedules.addAll(s.schedules());
        Schedules.sort(schedules);
        extensions = s.extensions();
        adoptedVersion = s.version();
        changed = true;
        return ignored;
    }

    static String describe(MaintenanceState m) {
        return "page=" + (m.pageUrl() == null ? "built-in" : m.pageUrl()) + ", until="
                + (m.until() == null ? "none" : m.until().toString()) + ", retryAfter="
                + Durations.format(m.retryAfter()) + (m.options().isDefault() ? "" : ", " + m.options());
    }
}
