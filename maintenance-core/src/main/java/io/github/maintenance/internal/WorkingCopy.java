package io.github.maintenance.internal;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.Target;
import io.github.maintenance.Times;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult.Applied;
import io.github.maintenance.event.MaintenanceEvent.Type;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.Phase;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.state.StateTransition;
import io.github.maintenance.state.StateTransition.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The private working copy a {@link Transition} changes: a copy of a {@link ControlState} and the
 * effects to run once it is committed. Confined to the thread holding the controller's lock.
 */
abstract class WorkingCopy {

    final ControlState base;
    final MaintenanceConfig config;
    final Instant now;

    final List<Route> declared;
    final List<Route> adHoc;
    RouteTable table;
    final Map<String, RouteState> states;
    MaintenanceState allMaintenance;
    DrainState allDrain;
    final List<ScheduledWindow> schedules;
    Map<String, String> extensions;
    final Map<String, List<String>> exempt;
    final Map<String, CircuitBreakerConfig> breakers;
    long adoptedVersion = -1;

    boolean persistent;
    boolean changed;
    final Set<String> resetHits = new LinkedHashSet<>();
    final Set<String> resetDrain = new LinkedHashSet<>();
    final Set<String> freshBreakers = new LinkedHashSet<>();
    final List<Transition.WindowEnd> windows = new ArrayList<>();
    final List<Transition.Notice> notices = new ArrayList<>();
    /** The target of the change being applied, as given, for the audit trail; "" for time-based transitions. */
    String target = "";
    /** Route states before the change being applied (or before the tick), for the audit trail. */
    Map<String, RouteState> mark;


    /** A working copy of {@code base} at {@code now}. */
    WorkingCopy(ControlState base, MaintenanceConfig config, Instant now) {
        this.base = base;
        this.config = config;
        this.now = now;
        this.declared = new ArrayList<>(base.declared());
        this.adHoc = new ArrayList<>(base.adHoc());
        this.table = base.table();
        this.states = new HashMap<>(base.states());
        this.allMaintenance = base.allMaintenance();
        this.allDrain = base.allDrain();
        this.schedules = new ArrayList<>(base.schedules());
        this.extensions = base.extensions();
        this.exempt = new HashMap<>(base.exempt());
        this.breakers = new HashMap<>(base.breakers());
    }

    /** When this transition happens. */
    public Instant now() {
        return now;
    }

    // ---- the result ------------------------------------------------------------------------------

    /**
     * The new state: serving ad-hoc routes that no window needs are dropped, the version moves on
     * when anything saved changed.
     */
    public ControlState finish() {
        Set<String> scheduled = RouteBook.adHocIds(schedules.stream().map(ScheduledWindow::target).toList());
        if (adHoc.removeIf(r -> !states.containsKey(r.id()) && !scheduled.contains(r.id()))) {
            table = null;
        }
        RouteTable t = table();
        breakers.keySet().removeIf(id -> t.find(id) == null);
        long version = adoptedVersion >= 0 ? adoptedVersion : persistent ? base.version() + 1 : base.version();
        return new ControlState(declared, adHoc, t, states, allMaintenance, allDrain, schedules, extensions, exempt,
                breakers, version);
    }

    /** Whether the transition changed anything that needs a new snapshot. */
    public boolean changed() {
        return changed || persistent;
    }

    /** Whether it changed anything the state store keeps. */
    public boolean persistent() {
        return persistent;
    }

    /** Routes whose maintenance-hit counter restarts. */
    public Set<String> resetHits() {
        return resetHits;
    }

    /** Routes whose drain-rejected counter restarts. */
    public Set<String> resetDrain() {
        return resetDrain;
    }

    /** Routes whose circuit breaker is replaced by a new, closed one. */
    public Set<String> freshBreakers() {
        return freshBreakers;
    }

    /** Maintenance windows that ended, in order. */
    public List<Transition.WindowEnd> windows() {
        return windows;
    }

    /** What to log and deliver, in order. */
    public List<Transition.Notice> notices() {
        return notices;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    RouteTable table() {
        if (table == null) {
            List<Route> all = new ArrayList<>(declared.size() + adHoc.size());
            all.addAll(declared);
            all.addAll(adHoc);
            table = RouteTable.of(all);
        }
        return table;
    }

    List<String> resolve(Target target, boolean create) {
        RouteBook.Resolution r = RouteBook.resolve(table(), target, create);
        if (!r.created().isEmpty()) {
            adHoc.addAll(r.created());
            if (config.circuitBreaker() != null) {
                r.created().forEach(x -> breakers.put(x.id(), config.circuitBreaker()));
            }
            table = null;
        }
        return r.ids();
    }

    RouteState stateOf(String id) {
        return states.getOrDefault(id, RouteState.SERVING);
    }

    void put(String id, RouteState s) {
        if (s.phase() == Phase.SERVING) {
            states.remove(id);
        } else {
            states.put(id, s);
        }
    }

    static boolean replaceIn(List<Route> list, Route route) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(route.id())) {
                list.set(i, route);
                return true;
            }
        }
        return false;
    }

    void notice(Type type, List<String> ids, Cause cause, String detail, String log) {
        notice(type, ids, cause, detail, log, false);
    }

    void notice(Type type, List<String> ids, Cause cause, String detail, String log, boolean warn) {
        Map<String, RouteState> before = new LinkedHashMap<>();
        Map<String, RouteState> after = new LinkedHashMap<>();
        for (String id : ids) {
            before.put(id, mark.getOrDefault(id, RouteState.SERVING));
            after.put(id, stateOf(id));
        }
        notices.add(new Transition.Notice(type, List.copyOf(ids), cause, detail, log, warn, target, before, after));
    }

    /** Remembers the route states before a change, and its target, for the notices it makes. */
    void mark(String targetText) {
        target = targetText;
        mark = new HashMap<>(states);
    }

}
