package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A /path or domain that no route has is refused unless --create: a typo must not open a new, empty route. */
class TargetCheckTest {

    @TempDir
    Path dir;
    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("site").path("/").build())
            .route(Route.builder("admin").path("/admin").build())
            .route(Route.builder("reports").path("/reports/monthly").build())
            .route(Route.builder("shop").domains("shop.example.com").build()), b -> b);
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        f.close();
    }

    private boolean anyRoute(String id) {
        return f.controller.routes().stream().anyMatch(r -> r.id().equals(id));
    }

    @Test
    void anUnknownPathIsRefusedNamingTheClosestDeclaredRoute() {
        assertThat(ctl.run("enter", "--target", "/admn")).isEqualTo(MaintenanceCtl.EXIT_USAGE);

        assertThat(ctl.err()).isEqualTo("maintenancectl: no route has the path /admn; the closest declared route is"
                + " admin (*/admin). Pass --create to create an ad-hoc route for /admn.\n"
                + "Run 'maintenancectl enter --help' for usage.\n");
        assertThat(anyRoute("path:/admn")).isFalse();
        assertThat(f.controller.status("*").inMaintenance()).isFalse();
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
    }

    @Test
    void withCreateTheRegistryCreatesTheAdHocRoute() {
        assertThat(ctl.run("enter", "--target", "/admn", "--create")).as(ctl.err()).isZero();

        assertThat(ctl.out()).isEqualTo("Maintenance entered on /admn.\n");
        assertThat(f.controller.status("path:/admn").inMaintenance()).isTrue();
    }

    @Test
    void anUnknownDomainIsRefusedToo() {
        assertThat(ctl.run("enter", "--target", "shop.exmaple.com,/admin")).isEqualTo(MaintenanceCtl.EXIT_USAGE);

        assertThat(ctl.err()).startsWith("maintenancectl: no route serves the domain shop.exmaple.com; the closest"
                + " declared route is shop (shop.example.com/). Pass --create");
        assertThat(f.controller.status("admin").inMaintenance()).as("nothing of the target was entered").isFalse();
        assertThat(anyRoute("domain:shop.exmaple.com")).isFalse();
    }

    @Test
    void declaredPathsDomainsAndIdsPassTheCheck() {
        assertThat(ctl.run("enter", "--target", "/admin/,SHOP.example.com,reports")).as(ctl.err()).isZero();

        assertThat(f.controller.status("admin").inMaintenance()).isTrue();
        assertThat(f.controller.status("shop").inMaintenance()).isTrue();
        assertThat(f.controller.status("reports").inMaintenance()).isTrue();
        assertThat(f.controller.status("site").inMaintenance()).isFalse();
    }

    @Test
    void severalUnknownItemsAreNamedTogether() {
        assertThat(ctl.run("enter", "--target", "/reports,/adm")).isEqualTo(MaintenanceCtl.EXIT_USAGE);

        assertThat(ctl.err()).contains("no route has the path /reports; the closest declared route is reports"
                + " (*/reports/monthly). ").contains("no route has the path /adm; the closest declared route is admin"
                + " (*/admin). ").contains("Pass --create to create ad-hoc routes for /reports, /adm.");
    }

    @Test
    void execAndScheduleAreCheckedBeforeAnythingHappens() {
        Path marker = dir.resolve("ran");

        assertThat(ctl.run("exec", "--target", "/admn", "--", "touch", marker.toString()))
                .isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(marker).doesNotExist();
        assertThat(ctl.run("schedule", "--target", "/admn", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z")).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(f.controller.schedules()).isEmpty();
        assertThat(anyRoute("path:/admn")).isFalse();

        assertThat(ctl.run("schedule", "--target", "/admn", "--create", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z")).isZero();
        assertThat(f.controller.schedules()).hasSize(1);
    }

    @Test
    void exitNeedsNoCheck() {
        assertThat(ctl.run("exit", "--target", "/admn")).as("exit creates nothing").isZero();

        assertThat(anyRoute("path:/admn")).isFalse();
    }
}
