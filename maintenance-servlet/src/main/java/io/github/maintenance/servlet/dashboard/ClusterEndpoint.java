package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET …/api/dashboard/cluster}: 200 with the cluster view ({@link ClusterJson}); 404 when
 * the state store keeps no cluster reports (a store that is not a
 * {@link io.github.maintenance.spi.ClusterStore}); 503 when the store cannot be read, naming the
 * store and its own status detail (never a secret) rather than the exception's message. Access is
 * checked by the servlet before. Stateless and thread-safe.
 */
final class ClusterEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    /** The status when the store keeps no cluster reports. */
    static final int NOT_FOUND = HttpServletResponse.SC_NOT_FOUND;

    private ClusterEndpoint() {
    }

    /**
     * The endpoint's answer.
     *
     * @param status the HTTP status
     * @param body   the JSON document
     */
    record Answer(int status, Map<String, Object> body) {
    }

    /** Reads the cluster view of {@code controller} on the calling (control-plane) thread. */
    static Answer read(MaintenanceController controller) {
        Optional<ClusterView> view;
        try {
            view = controller.cluster();
        } catch (StateStoreException e) {
            LOG.debug("Maintenance dashboard: cluster reports not readable: {}", e.toString());
            StoreStatus s = controller.storeStatus();
            return new Answer(HttpServletResponse.SC_SERVICE_UNAVAILABLE, DashboardJson.error("the cluster reports "
                    + "cannot be read from the state store (" + MaintenanceErrors.printable(s.store()) + ")"
                    + (s.available() ? "" : ": " + MaintenanceErrors.printable(s.detail()))));
        }
        if (view.isEmpty()) {
            return new Answer(NOT_FOUND, DashboardJson.error("no cluster view: the state store ("
                    + MaintenanceErrors.printable(controller.storeStatus().store()) + ") keeps no cluster reports"));
        }
        return new Answer(HttpServletResponse.SC_OK, ClusterJson.view(view.get()));
    }
}
