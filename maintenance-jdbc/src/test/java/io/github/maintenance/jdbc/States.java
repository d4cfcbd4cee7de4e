package io.github.maintenance.jdbc;

import io.github.maintenance.Cause;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** States for the tests of deltas, and a writer that changes the table behind the stores' backs. */
final class States {

    private States() {
    }

    /**
     * {@code s} changed on one route, at {@code version}: route {@code r<version>} leaves
     * maintenance when it is in it, else enters it.
     */
    static StoredState oneRouteChanged(StoredState s, long version) {
        Map<String, RouteState> routes = new HashMap<>(s.routeStates());
        String id = "r" + version;
        if (routes.remove(id) == null) {
            routes.put(id, new RouteState(new MaintenanceState(null, "Change " + version, Duration.ofSeconds(60),
                    s.savedAt(), null, Cause.api("ops")), null));
        }
        return new StoredState(version, s.savedAt().plusSeconds(1), routes, s.adHocRoutes(), s.allMaintenance(),
                s.allDrain(), s.schedules(), s.extensions());
    }

    /** {@code s} with every route's message changed, at {@code version}: a change as large as the state. */
    static StoredState allRoutesChanged(StoredState s, long version) {
        Map<String, RouteState> routes = new HashMap<>();
        for (Map.Entry<String, RouteState> e : s.routeStates().entrySet()) {
            routes.put(e.getKey(), new RouteState(new MaintenanceState(null, "Changed at " + version,
                    Duration.ofSeconds(60), s.savedAt(), null, Cause.api("ops")), null));
        }
        return new StoredState(version, s.savedAt().plusSeconds(1), routes, s.adHocRoutes(), s.allMaintenance(),
                s.allDrain(), s.schedules(), s.extensions());
    }

    /**
     * Writes {@code state} into the row of {@code key} of {@code maintenance_state} with plain SQL,
     * as a writer outside the library would: no notification.
     */
    static void writeWithoutNotice(Connection c, String key, StoredState state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE maintenance_state SET state_version = ?, state_text = ?,"
                + " updated_at = 0 WHERE store_key = ?")) {
            s.setLong(1, state.version());
            s.setString(2, StoredStateFormat.encode(state));
            s.setString(3, key);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO maintenance_state (state_version, state_text,"
                + " updated_at, store_key) VALUES (?, ?, 0, ?)")) {
            s.setLong(1, state.version());
            s.setString(2, StoredStateFormat.encode(state));
            s.setString(3, key);
            s.executeUpdate();
        }
    }
}
