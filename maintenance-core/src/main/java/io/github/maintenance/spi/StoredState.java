package io.github.maintenance.spi;

import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link StateStore} keeps: the control state of a controller, versioned.
 *
 * <p>Only routes that are not serving appear in {@code routeStates}. Routes declared by the
 * application are not stored (they come from its configuration); ad-hoc routes created by path
 * or domain targets are, because their state needs them.
 *
 * <p>{@code extensions} carries what a newer version of the library stored and this version does
 * not understand (whole top-level sections of {@link StoredStateFormat}, such as data a later
 * version adds), verbatim, so that a controller of this version that saves the state again does
 * not drop them. Code of this version never interprets them.
 *
 * @param version          increases with every change; a store refuses an older or equal version
 * @param savedAt          when the state was produced
 * @param routeStates      route id to state, for routes not serving
 * @param adHocRoutes      routes created by targets
 * @param allMaintenance   maintenance entered for {@code ALL} and still in force, or {@code null}
 * @param allDrain         drain started for {@code ALL} and still in force, or {@code null}
 * @param schedules        scheduled maintenance windows not over yet, by start
 * @param extensions       stored keys of a newer format version, kept as they are (key to value)
 */
public record StoredState(long version, Instant savedAt, Map<String, RouteState> routeStates,
        List<Route> adHocRoutes, MaintenanceState allMaintenance, DrainState allDrain,
        List<ScheduledWindow> schedules, Map<String, String> extensions) {

    /** Format version of stored representations; stores write it and refuse newer ones. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Checks and copies the components; {@code null} schedules and extensions become empty.
     * @param version increases with every change; not negative
     * @param savedAt when the state was produced; not null
     * @param routeStates route id to state, for routes not serving; not null
     * @param adHocRoutes routes created by targets; not null
     * @param allMaintenance maintenance entered for {@code ALL}, or {@code null}
     * @param allDrain drain started for {@code ALL}, or {@code null}
     * @param schedules scheduled windows not over yet, or {@code null} for none
     * @param extensions stored keys of a newer format version, or {@code null} for none
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public StoredState {
        Objects.requireNonNull(savedAt, "savedAt");
        routeStates = Map.copyOf(routeStates);
        adHocRoutes = List.copyOf(adHocRoutes);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        extensions = extensions == null || extensions.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(extensions));
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, but was " + version);
        }
    }

    /**
     * A state without scheduled windows or extensions.
     *
     * @param version increases with every change; not negative
     * @param savedAt when the state was produced
     * @param routeStates route id to state, for routes not serving
     * @param adHocRoutes routes created by targets
     * @param allMaintenance maintenance entered for {@code ALL}, or {@code null}
     * @param allDrain drain started for {@code ALL}, or {@code null}
     */
    public StoredState(long version, Instant savedAt, Map<String, RouteState> routeStates, List<Route> adHocRoutes,
            MaintenanceState allMaintenance, DrainState allDrain) {
        this(version, savedAt, routeStates, adHocRoutes, allMaintenance, allDrain, List.of(), Map.of());
    }

    /**
     * A state without scheduled windows.
     *
     * @param version increases with every change; not negative
     * @param savedAt when the state was produced
     * @param routeStates route id to state, for routes not serving
     * @param adHocRoutes routes created by targets
     * @param allMaintenance maintenance entered for {@code ALL}, or {@code null}
     * @param allDrain drain started for {@code ALL}, or {@code null}
     * @param extensions stored keys of a newer format version, or {@code null} for none
     */
    public StoredState(long version, Instant savedAt, Map<String, RouteState> routeStates, List<Route> adHocRoutes,
            MaintenanceState allMaintenance, DrainState allDrain, Map<String, String> extensions) {
        this(version, savedAt, routeStates, adHocRoutes, allMaintenance, allDrain, List.of(), extensions);
    }

    /**
     * {@return an empty state of version 0}
     *
     * @param at the state's {@code savedAt}
     */
    public static StoredState empty(Instant at) {
        return new StoredState(0, at, Map.of(), List.of(), null, null, List.of(), Map.of());
    }

    /**
     * This state with another version (everything else unchanged).
     *
     * @param newVersion the version to set; not negative
     * @return a new state; this one is unchanged
     */
    public StoredState withVersion(long newVersion) {
        return new StoredState(newVersion, savedAt, routeStates, adHocRoutes, allMaintenance, allDrain, schedules,
                extensions);
    }
}
