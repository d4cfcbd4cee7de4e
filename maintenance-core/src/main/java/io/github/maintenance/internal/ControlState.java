package io.github.maintenance.internal;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The whole control state of a controller at one version, immutable: what a {@link Transition}
 * starts from and produces. Counters and breaker state machines are not part of it (they live as
 * long as their route, across versions).
 *
 * @param declared       routes of the application's configuration and of {@code putRoute}
 * @param adHoc          routes created by path and domain targets
 * @param table          the route table of {@code declared} and {@code adHoc} (catch-all first)
 * @param states         route id to state, for routes not serving
 * @param allMaintenance maintenance entered for {@code ALL} and in force, or {@code null}
 * @param allDrain       drain started for {@code ALL} and in force, or {@code null}
 * @param schedules      windows not over yet, by start
 * @param extensions     stored sections of a newer format, kept verbatim
 * @param exempt         owner to path prefixes exempted at run time
 * @param breakers       route id to its circuit breaker's settings, for routes that have one
 * @param version        increases with every change that is saved
 */
public record ControlState(List<Route> declared, List<Route> adHoc, RouteTable table, Map<String, RouteState> states,
        MaintenanceState allMaintenance, DrainState allDrain, List<ScheduledWindow> schedules,
        Map<String, String> extensions, Map<String, List<String>> exempt, Map<String, CircuitBreakerConfig> breakers,
        long version) {

    public ControlState {
        declared = List.copyOf(declared);
        adHoc = List.copyOf(adHoc);
        states = Map.copyOf(states);
        schedules = List.copyOf(schedules);
        extensions = Map.copyOf(extensions);
        exempt = Map.copyOf(exempt);
        breakers = Map.copyOf(breakers);
    }

    /** The state of a route ({@link RouteState#SERVING} when it has none). */
    public RouteState stateOf(String id) {
        return states.getOrDefault(id, RouteState.SERVING);
    }

    /** Every run-time exempt path prefix, sorted, without duplicates. */
    public String[] exemptPaths() {
        TreeSet<String> union = new TreeSet<>();
        exempt.values().forEach(union::addAll);
        return union.toArray(new String[0]);
    }

    /** This state at another version. */
    public ControlState withVersion(long newVersion) {
        return new ControlState(declared, adHoc, table, states, allMaintenance, allDrain, schedules, extensions, exempt,
                breakers, newVersion);
    }

    /** What the state store keeps of it. */
    public StoredState toStored(Instant savedAt) {
        return new StoredState(version, savedAt, states, adHoc, allMaintenance, allDrain, schedules, extensions);
    }
}
