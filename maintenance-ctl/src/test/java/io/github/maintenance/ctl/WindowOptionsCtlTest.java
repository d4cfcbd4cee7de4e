package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** enter/exec/schedule with a mode and per-window options; exec --hold and exec --wait-idle. */
@Timeout(60)
class WindowOptionsCtlTest {

    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("site").path("/").build())
            .route(Route.builder("admin").path("/admin").build())
            .pageTemplate("upgrade", PageTemplate.of("<p>{{message}}</p>")), b -> b);
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        f.close();
    }

    private WindowOptions options(String id) {
        return f.controller.status(id).maintenanceOptions();
    }

    @Test
    void enterReadOnlyWithOptions() {
        assertThat(ctl.run("enter", "--target", "/admin", "--read-only", "--status", "429", "--refresh", "30s",
                "--template", "upgrade", "--secret", "let-me-in-42")).isZero();

        WindowOptions o = options("admin");
        assertThat(o.mode()).isEqualTo(MaintenanceMode.READ_ONLY);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.template()).isEqualTo("upgrade");
        assertThat(o.isBypassSecret("let-me-in-42")).isTrue();
    }

    @Test
    void enterHoldWithAndWithoutATimeAndModeRedirect() {
        assertThat(ctl.run("enter", "--target", "/admin", "--hold=20s")).isZero();
        assertThat(options("admin").mode()).isEqualTo(MaintenanceMode.HOLD);
        assertThat(options("admin").hold()).isEqualTo(Duration.ofSeconds(20));

        assertThat(ctl.run("enter", "--target", "/admin", "--hold")).isZero();
        assertThat(options("admin").hold()).as("the filter's hold time").isNull();

        assertThat(ctl.run("enter", "--target", "/admin", "--mode", "full", "--redirect", "/status", "--status", "307"))
                .isZero();
        assertThat(options("admin").mode()).isEqualTo(MaintenanceMode.FULL);
        assertThat(options("admin").redirect()).isEqualTo("/status");
    }

    @Test
    void badOptionsAreRefusedAndChangeNothing() {
        assertThat(ctl.run("enter", "--target", "/admin", "--read-only", "--hold")).isNotZero();
        assertThat(ctl.err()).contains("give one of --mode, --read-only and --hold");
        assertThat(ctl.run("enter", "--target", "/admin", "--mode", "sleepy")).isNotZero();
        assertThat(ctl.run("enter", "--target", "/admin", "--status", "200")).isNotZero();
        assertThat(ctl.run("enter", "--target", "/admin", "--hold=10m")).isNotZero();
        assertThat(ctl.run("enter", "--target", "/admin", "--secret", "short")).isNotZero();
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
    }

    @Test
    void execHoldHoldsWhileTheCommandRuns() {
        assertThat(ctl.run("exec", "--target", "/admin", "--hold", "20s", "--", "sh", "-c", "exit 3")).isEqualTo(3);

        assertThat(ctl.err()).contains("maintenance entered on /admin").contains("maintenance exited on /admin");
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        assertThat(f.controller.history()).isNotEmpty();
    }

    @Test
    void execWaitIdleSaysSoWhenTheServerDoesNotCountRequestsInProgress() {
        assertThat(ctl.run("exec", "--target", "/admin", "--wait-idle", "2s", "--", "sh", "-c", "exit 0")).isZero();

        assertThat(ctl.err()).contains("does not count requests in progress").contains("maintenance exited on /admin");
    }

    @Test
    void waitIdleReadsTheInFlightSumOnlyWhenReported() {
        assertThat(IdleWait.inFlight("{\"in_maintenance\":[\"a\"],\"routes\":[{\"route_id\":\"a\"}]}")).isNull();
        assertThat(IdleWait.inFlight("{\"routes\":[{\"in_flight\":2},{\"in_flight\":3}]}")).isEqualTo(5L);
        assertThat(IdleWait.inFlight("{\"routes\":[{\"in_flight\":0}]}")).isZero();
        assertThat(IdleWait.inFlight("nope")).isNull();
    }

    @Test
    void scheduleCarriesTheMode() {
        assertThat(ctl.run("schedule", "--target", "/admin", "--start", "2026-01-01T02:00:00Z",
                "--end", "2026-01-01T03:00:00Z", "--read-only")).isZero();

        assertThat(f.controller.schedules().get(0).options().mode()).isEqualTo(MaintenanceMode.READ_ONLY);
    }

    @Test
    void statusShowsTheModeOptionsAndCounters() {
        assertThat(ctl.run("enter", "--target", "/admin", "--read-only", "--status", "429", "--refresh", "30s",
                "--secret", "let-me-in-42")).isZero();
        f.controller.decide("shop.test", "/admin/users").recordReadOnlyRejected();
        assertThat(ctl.run("enter", "--target", "site", "--hold=20s")).isZero();
        ctl.reset();

        assertThat(ctl.run("status")).isZero();

        assertThat(ctl.out()).contains("  admin  */admin  since ")
                .contains("  mode read-only  options status=429 refresh=30s secret=set  read-only rejected 1\n")
                .contains("  mode hold  options hold=20s  held 0 (released 0, timed out 0)\n")
                .doesNotContain("let-me-in-42");
    }

    @Test
    void statusOfAPlainMaintenanceShowsNoModeOrOptions() {
        f.controller.enter("admin");

        assertThat(ctl.run("status")).isZero();

        assertThat(ctl.out()).containsPattern("  admin  \\*/admin  since \\S+  hits 0\n")
                .doesNotContain("mode").doesNotContain("options");
    }

    @Test
    void execWaitIdleOnATargetAlreadyInMaintenanceStillSaysWhatItDid() {
        f.controller.enter("admin");

        assertThat(ctl.run("exec", "--target", "/admin", "--wait-idle", "2s", "--", "sh", "-c", "exit 0")).isZero();

        assertThat(ctl.err()).contains("is in maintenance already")
                .contains("warning: --wait-idle did not wait: the server does not count requests in progress");
    }

    @Test
    void execWaitIdleCountsOnlyTheTargetsRoutes() {
        try (RegistryFixture tracked = RegistryFixture.start(MaintenanceConfig.custom().trackInFlight(true)
                .route(Route.builder("site").path("/").build())
                .route(Route.builder("admin").path("/admin").build()), b -> b)) {
            CtlRunner c = new CtlRunner(() -> tracked.port());
            tracked.controller.enter("site");
            tracked.controller.decide("shop.test", "/home").inFlightStarted(); // busy elsewhere, for good

            assertThat(c.run("exec", "--target", "/admin", "--wait-idle", "3s", "--", "sh", "-c", "exit 0")).isZero();

            assertThat(c.err()).contains("maintenancectl: no requests in progress on the target")
                    .doesNotContain("still in progress");
        }
    }

    @Test
    void execWaitIdleInReadOnlyModeWarnsThatSafeRequestsKeepComing() {
        assertThat(ctl.run("exec", "--target", "/admin", "--read-only", "--wait-idle", "1s", "--", "sh", "-c",
                "exit 0")).isZero();

        assertThat(ctl.err()).contains("--wait-idle with --read-only: safe requests");
    }

    @Test
    void waitIdleTellsAnUnreadableReplyFromOneWithoutCounts() {
        assertThat(IdleWait.readable("nope")).isFalse();
        assertThat(IdleWait.readable("{\"in_maintenance\":[]}")).isFalse();
        assertThat(IdleWait.readable("{\"routes\":[]}")).isTrue();
        assertThat(IdleWait.inFlight("{\"routes\":[{\"route_id\":\"a\",\"in_flight\":2},"
                + "{\"route_id\":\"b\",\"in_flight\":3}]}", java.util.Set.of("b"))).isEqualTo(3L);
        assertThat(IdleWait.inFlight("{\"routes\":[{\"route_id\":\"a\",\"in_flight\":2}]}", java.util.Set.of("b")))
                .as("counted, none on the target").isZero();
        assertThat(IdleWait.describe(IdleWait.Result.UNREADABLE, Duration.ofSeconds(1), 0)).contains("could not be read");
    }
}
