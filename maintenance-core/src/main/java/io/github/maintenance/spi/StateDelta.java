package io.github.maintenance.spi;

import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two {@link StoredState}s: applied to the state of version
 * {@link #baseVersion()}, it gives the state of version {@link #version()}, equal to the one it was
 * made from. A store that reaches other instances sends it instead of the whole state, so that the
 * cost of a change grows with the change, not with the state (one route entering maintenance is a
 * few hundred bytes, whatever the number of other routes in maintenance).
 *
 * <p>It carries only what changed: the route states set (added or changed) and the routes back to
 * serving, the ad-hoc routes removed and added, and each of {@code allMaintenance},
 * {@code allDrain}, the scheduled windows (the whole list: it is small) and the extensions as a
 * {@link Change} (unchanged, or the new value). Its text form is {@link StateDeltaFormat}.
 *
 * <pre>{@code
 * StateDelta d = StateDelta.between(previous, next);   // next.version() > previous.version()
 * String message = StateDeltaFormat.encode(d);          // small when the change is
 * StoredState same = StateDeltaFormat.decode(message).applyTo(previous);   // equals next
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param baseVersion      the version of the state it applies to; not negative
 * @param version          the version of the state it gives; greater than {@code baseVersion}
 * @param savedAt          the {@code savedAt} of the state it gives
 * @param setRoutes        route id to its new state, for routes whose state was added or changed
 * @param removedRoutes    ids of routes back to serving (no longer in {@code routeStates})
 * @param removedAdHocRoutes ids of ad-hoc routes removed (a changed route is removed, then added)
 * @param addedAdHocRoutes ad-hoc routes appended, in order, after the removals
 * @param allMaintenance   the change of {@link StoredState#allMaintenance()}
 * @param allDrain         the change of {@link StoredState#allDrain()}
 * @param schedules        the change of {@link StoredState#schedules()} (the whole new list)
 * @param extensions       the change of {@link StoredState#extensions()} (the whole new map)
 */
public record StateDelta(long baseVersion, long version, Instant savedAt, Map<String, RouteState> setRoutes,
        Set<String> removedRoutes, Set<String> removedAdHocRoutes, List<Route> addedAdHocRoutes,
        Change<MaintenanceState> allMaintenance, Change<DrainState> allDrain, Change<List<ScheduledWindow>> schedules,
        Change<Map<String, String>> extensions) {

    /**
     * Checks and copies the components.
     *
     * @param baseVersion the version of the state it applies to; not negative
     * @param version the version of the state it gives; greater than {@code baseVersion}
     * @param savedAt the {@code savedAt} of the state it gives; not null
     * @param setRoutes route id to its new state, for routes added or changed; not null
     * @param removedRoutes ids of routes back to serving, none of them in {@code setRoutes}; not null
     * @param removedAdHocRoutes ids of ad-hoc routes removed; not null
     * @param addedAdHocRoutes ad-hoc routes appended after the removals, ids unique; not null
     * @param allMaintenance the change of {@code allMaintenance}; not null
     * @param allDrain the change of {@code allDrain}; not null
     * @param schedules the change of the scheduled windows; not null, its value not null when changed
     * @param extensions the change of the extensions; not null, its value not null when changed
     * @throws IllegalArgumentException if a version is out of range, a route is both set and removed,
     *                                  or an ad-hoc route is added twice
     */
    public StateDelta {
        Objects.requireNonNull(savedAt, "savedAt");
        setRoutes = Map.copyOf(setRoutes);
        removedRoutes = Set.copyOf(removedRoutes);
        removedAdHocRoutes = Set.copyOf(removedAdHocRoutes);
        addedAdHocRoutes = List.copyOf(addedAdHocRoutes);
        Objects.requireNonNull(allMaintenance, "allMaintenance");
        Objects.requireNonNull(allDrain, "allDrain");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(extensions, "extensions");
        if (schedules.changed()) {
            schedules = Change.to(List.copyOf(schedules.value()));
        }
        if (extensions.changed()) {
            extensions = Change.to(Map.copyOf(extensions.value()));
        }
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must not be negative, but was " + baseVersion);
        }
        if (version <= baseVersion) {
            throw new IllegalArgumentException("version must be greater than baseVersion " + baseVersion
                    + ", but was " + version);
        }
        for (String id : removedRoutes) {
            if (setRoutes.containsKey(id)) {
                throw new IllegalArgumentException("route " + id + " is both set and removed");
            }
        }
        Set<String> added = new HashSet<>();
        for (Route r : addedAdHocRoutes) {
            if (!added.add(r.id())) {
                throw new IllegalArgumentException("ad-hoc route " + r.id() + " is added twice");
            }
        }
    }

    /**
     * The delta that turns {@code from} into {@code to}. Ad-hoc routes are sent as removals and
     * additions when that keeps their order; otherwise the whole list is replaced.
     *
     * @param from the older state
     * @param to   the newer state
     * @return the change, such that {@code between(from, to).applyTo(from).equals(to)}
     * @throws IllegalArgumentException if {@code to}'s version is not greater than {@code from}'s
     */
    public static StateDelta between(StoredState from, StoredState to) {
        if (to.version() <= from.version()) {
            throw new IllegalArgumentException("a delta goes to a newer version, but " + to.version()
                    + " is not newer than " + from.version());
        }
        Map<String, RouteState> set = new HashMap<>();
        for (Map.Entry<String, RouteState> e : to.routeStates().entrySet()) {
            if (!e.getValue().equals(from.routeStates().get(e.getKey()))) {
                set.put(e.getKey(), e.getValue());
            }
        }
        Set<String> removed = new HashSet<>();
        for (String id : from.routeStates().keySet()) {
            if (!to.routeStates().containsKey(id)) {
                removed.add(id);
            }
        }
        Map<String, Route> before = byId(from.adHocRoutes());
        Map<String, Route> after = byId(to.adHocRoutes());
        Set<String> removedAdHoc = new HashSet<>();
        for (Route r : from.adHocRoutes()) {
            if (!r.equals(after.get(r.id()))) {
                removedAdHoc.add(r.id());
            }
        }
        List<Route> addedAdHoc = new ArrayList<>();
        for (Route r : to.adHocRoutes()) {
            if (!r.equals(before.get(r.id()))) {
                addedAdHoc.add(r);
            }
        }
        if (!adHocRoutes(from.adHocRoutes(), removedAdHoc, addedAdHoc).equals(to.adHocRoutes())) {
            removedAdHoc = before.keySet(); // the order changed: replace the whole list
            addedAdHoc = to.adHocRoutes();
        }
        return new StateDelta(from.version(), to.version(), to.savedAt(), set, removed, removedAdHoc, addedAdHoc,
                Change.of(from.allMaintenance(), to.allMaintenance()), Change.of(from.allDrain(), to.allDrain()),
                Change.of(from.schedules(), to.schedules()), Change.of(from.extensions(), to.extensions()));
    }

    /**
     * Applies this change to {@code base}.
     *
     * @param base the state of version {@link #baseVersion()}
     * @return the state of version {@link #version()}
     * @throws IllegalArgumentException if {@code base}'s version is not {@link #baseVersion()}
     */
    public StoredState applyTo(StoredState base) {
        if (base.version() != baseVersion) {
            throw new IllegalArgumentException("the delta from version " + baseVersion + " to " + version
                    + " applies to version " + baseVersion + ", not to version " + base.version());
        }
        Map<String, RouteState> routes = new HashMap<>(base.routeStates());
        routes.keySet().removeAll(removedRoutes);
        routes.putAll(setRoutes);
        return new StoredState(version, savedAt, routes, adHocRoutes(base.adHocRoutes(), removedAdHocRoutes,
                addedAdHocRoutes), allMaintenance.applyTo(base.allMaintenance()), allDrain.applyTo(base.allDrain()),
                schedules.applyTo(base.schedules()), extensions.applyTo(base.extensions()));
    }

    /** {@return whether this delta changes nothing but the version and {@code savedAt}} */
    public boolean isEmpty() {
        return setRoutes.isEmpty() && removedRoutes.isEmpty() && removedAdHocRoutes.isEmpty()
                && addedAdHocRoutes.isEmpty() && !allMaintenance.changed() && !allDrain.changed()
                && !schedules.changed() && !extensions.changed();
    }

    private static List<Route> adHocRoutes(List<Route> base, Set<String> removed, List<Route> added) {
        List<Route> routes = new ArrayList<>(base.size() + added.size());
        for (Route r : base) {
            if (!removed.contains(r.id())) {
                routes.add(r);
            }
        }
        routes.addAll(added);
        return routes;
    }

    private static Map<String, Route> byId(List<Route> routes) {
        Map<String, Route> m = new LinkedHashMap<>();
        for (Route r : routes) {
            m.put(r.id(), r);
        }
        return m;
    }

    /**
     * The change of one field: unchanged, or set to a new value ({@code null} clears a field that
     * may be {@code null}, such as {@code allMaintenance}).
     *
     * @param changed whether the field changed
     * @param value   its new value when {@code changed}; {@code null} when unchanged
     * @param <T>     the field's type
     */
    public record Change<T>(boolean changed, T value) {

        private static final Change<?> UNCHANGED = new Change<>(false, null);

        /**
         * Checks the components.
         *
         * @param changed whether the field changed
         * @param value its new value when {@code changed}; {@code null} when unchanged
         * @throws IllegalArgumentException if unchanged with a value
         */
        public Change {
            if (!changed && value != null) {
                throw new IllegalArgumentException("an unchanged field has no value");
            }
        }

        /**
         * {@return the change that leaves the field as it is}
         *
         * @param <T> the field's type
         */
        @SuppressWarnings("unchecked")
        public static <T> Change<T> unchanged() {
            return (Change<T>) UNCHANGED;
        }

        /**
         * {@return the change that sets the field to {@code value}}
         *
         * @param value the new value; {@code null} clears the field
         * @param <T>   the field's type
         */
        public static <T> Change<T> to(T value) {
            return new Change<>(true, value);
        }

        /**
         * {@return unchanged when {@code before} equals {@code after}, else the change to {@code after}}
         *
         * @param before the field's old value
         * @param after  its new value
         * @param <T>    the field's type
         */
        public static <T> Change<T> of(T before, T after) {
            return Objects.equals(before, after) ? unchanged() : to(after);
        }

        /**
         * {@return the field's value after this change}
         *
         * @param base its value before
         */
        public T applyTo(T base) {
            return changed ? value : base;
        }
    }
}
