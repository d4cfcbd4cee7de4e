package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.testing.RefusingStateStore;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change the cluster state store could not save: the standard replies stay exactly as the Go
 * client expects, and the session's next MAINT_STATUS says the change holds on this instance only.
 */
class StoreOutageTest {

    private final RefusingStateStore store = new RefusingStateStore();
    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom().stateStore(store)
            .route(Route.builder("site").path("/").build()), b -> b);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aChangeTheStoreDidNotSaveIsReportedByTheNextMaintStatusUntilOneIsSaved() {
        Wire w = f.connect();
        String sid = w.register("ops", "cli");
        assertThat(w.call("MAINT_STATUS|" + sid)).doesNotContain("stored");
        store.down = true;

        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|ALL");
        assertThat(f.controller.status("site").inMaintenance()).as("in force here").isTrue();

        String status = w.call("MAINT_STATUS|" + sid);
        assertThat(status).startsWith("MAINT_STATUS_OK|{\"in_maintenance\":[\"*\",\"site\"]")
                .endsWith(",\"stored\":false,\"warning\":\"" + Reply.STORE_UNAVAILABLE + "\"}");
        Wire other = f.session("ops", "other");
        assertThat(other.call("MAINT_STATUS|x")).as("another session's changes were saved (it made none)")
                .doesNotContain("stored");

        assertThat(w.call("DRAIN_START|" + sid + "|30s")).startsWith("DRAIN_OK|20");
        assertThat(w.call("MAINT_STATUS|" + sid)).contains("\"stored\":false");

        store.down = false;
        assertThat(w.call("DRAIN_CANCEL|" + sid)).isEqualTo("DRAIN_OK");
        assertThat(w.call("MAINT_STATUS|" + sid)).doesNotContain("stored").doesNotContain("warning");
    }
}
