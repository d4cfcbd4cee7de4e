package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.RefusingStateStore;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * maintenancectl against a registry whose cluster state store refuses saves: every change command
 * still does its work, warns on stderr that it holds on this instance only and exits with 3.
 */
class StoreOutageCtlTest {

    private static final String WARNING = "maintenancectl: warning: applied on this instance only; the cluster "
            + "store is unavailable\n";

    private final RefusingStateStore store = new RefusingStateStore();
    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom().stateStore(store)
            .route(Route.builder("admin").path("/admin").build()), b -> b);
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyChangeTheStoreDidNotSaveWarnsAndExitsWith3() {
        store.down = true;
        String[][] changes = {{"enter", "--target", "admin"}, {"exit", "--target", "admin"}, {"drain", "30s"},
            {"cancel-drain"}, {"schedule", "--start", "2030-01-01T02:00:00Z", "--end", "2030-01-01T03:00:00Z"}};
        for (String[] change : changes) {
            ctl.reset();
            assertThat(ctl.run(change)).as(String.join(" ", change) + ": " + ctl.err())
                    .isEqualTo(MaintenanceCtl.EXIT_NOT_STORED);
            assertThat(ctl.err()).isEqualTo(WARNING);
            assertThat(ctl.out()).isNotEmpty();
        }
        assertThat(f.controller.schedules()).as("the window holds here").hasSize(1);

        ctl.reset();
        assertThat(ctl.run("unschedule", f.controller.schedules().get(0).id()))
                .isEqualTo(MaintenanceCtl.EXIT_NOT_STORED);
        assertThat(ctl.err()).isEqualTo(WARNING);

        store.down = false;
        ctl.reset();
        assertThat(ctl.run("enter", "--target", "admin")).isEqualTo(MaintenanceCtl.EXIT_OK);
        assertThat(ctl.err()).isEmpty();
        assertThat(f.controller.status("admin").inMaintenance()).isTrue();
    }

    @Test
    void theExitStatusIsInTheUsageTextAndTheHelpOfEveryCommand() {
        assertThat(ctl.raw("help")).isZero();
        assertThat(ctl.out()).contains("3 changed on this instance only: the cluster store is unavailable");
        ctl.reset();
        assertThat(ctl.raw("enter", "--help")).isZero();
        assertThat(ctl.out()).contains("3 changed on this instance only: the cluster store is unavailable");
    }
}
