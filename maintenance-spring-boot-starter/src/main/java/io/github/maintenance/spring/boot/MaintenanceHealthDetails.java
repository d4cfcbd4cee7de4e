package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.stats.RouteStatus;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The details of the {@code maintenance} health contributor, the same on every Boot version:
 * {@code leaving} (whether readiness refuses traffic because the whole application drains, see
 * {@link MaintenanceReadiness}), {@code in_maintenance} and {@code draining} (route counts),
 * {@code store} ({@code name}, {@code available}, {@code damaged}) and {@code routes}: per route id
 * its {@code phase} ({@code serving}, {@code maintenance}, {@code draining}), maintenance hits,
 * drain rejections and progress, and the breaker's state when one is configured. Maintenance never
 * makes the status anything but {@code UP}: the instance works and shows the page.
 */
final class MaintenanceHealthDetails {

    private MaintenanceHealthDetails() {
    }

    static Map<String, Object> of(MaintenanceController controller) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leaving", MaintenanceReadiness.leaving(controller.snapshot().state(Route.CATCH_ALL_ID)));
        long inMaintenance = 0;
        long draining = 0;
        Map<String, Object> routes = new LinkedHashMap<>();
        for (RouteStatus s : controller.statuses()) {
            if (s.inMaintenance()) {
                inMaintenance++;
            }
            if (s.draining()) {
                draining++;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
            r.put("maintenance_hits", s.maintenanceHits());
            r.put("drain_rejected", s.drainRejected());
            if (s.draining()) {
                r.put("drain_progress", Math.min(1.0, s.drainProgress()));
            }
            if (s.circuitConfigured()) {
                r.put("circuit", s.circuitState().wireName());
                r.put("circuit_rejected", s.circuitRejected());
            }
            routes.put(s.routeId(), r);
        }
        m.put("in_maintenance", inMaintenance);
        m.put("draining", draining);
        StoreStatus store = controller.storeStatus();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("name", store.store());
        st.put("available", store.available());
        st.put("damaged", store.damaged());
        m.put("store", st);
        m.put("routes", routes);
        return m;
    }
}
