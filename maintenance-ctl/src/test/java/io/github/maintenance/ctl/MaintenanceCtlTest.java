package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.PageServer;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.TestTls;
import io.github.maintenance.route.Route;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maintenancectl in-process against a real registry: every command, its output, errors and exit status. */
class MaintenanceCtlTest {

    @TempDir
    Path dir;
    private RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("site").path("/").build())
            .route(Route.builder("admin").path("/admin").build()), b -> b);
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void scheduleListAndUnscheduleAWindow() {
        assertThat(ctl.run("schedule", "--target", "/admin", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z", "--message", "Database upgrade")).as(ctl.err()).isZero();
        String id = f.controller.schedules().get(0).id();
        assertThat(ctl.out()).isEqualTo("Scheduled maintenance window " + id
                + " on /admin from 2026-01-01T02:00:00Z to 2026-01-01T03:00:00Z.\n");
        assertThat(f.controller.schedules().get(0).message()).isEqualTo("Database upgrade");

        assertThat(ctl.run("schedule", "--start", "2026-01-02T02:00:00Z", "--end", "2026-01-02T04:00:00Z")).isZero();
        assertThat(f.controller.schedules()).hasSize(2);

        ctl.reset();
        assertThat(ctl.run("schedules")).isZero();
        assertThat(ctl.out()).startsWith("Scheduled windows: 2\n  " + id
                + "  /admin  2026-01-01T02:00:00Z to 2026-01-01T03:00:00Z  message Database upgrade\n  sch-");

        ctl.reset();
        assertThat(ctl.run("unschedule", id)).isZero();
        assertThat(ctl.out()).isEqualTo("Cancelled maintenance window " + id + ".\n");
        assertThat(f.controller.schedules()).hasSize(1);

        ctl.reset();
        assertThat(ctl.run("schedules", "--json")).isZero();
        assertThat(ctl.out()).startsWith("[{\"id\":\"sch-").contains("\"target\":\"ALL\"");
    }

    @Test
    void scheduleErrorsAreClearAndChangeNothing() {
        assertThat(ctl.run("schedule", "--target", "/admin", "--start", "soon", "--end", "2026-01-01T03:00:00Z"))
                .isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl.err()).contains("--start needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration from now"
                + " (30m), got 'soon'");
        assertThat(ctl.run("schedule", "--target", "/admin", "--end", "2026-01-01T03:00:00Z"))
                .isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl.err()).contains("schedule needs --start TIME and --end TIME");
        assertThat(ctl.run("schedule", "--target", "nope", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z")).isEqualTo(MaintenanceCtl.EXIT_FAILED);
        assertThat(ctl.err()).contains("route not found: nope");
        assertThat(ctl.run("unschedule", "sch-000000000000")).isEqualTo(MaintenanceCtl.EXIT_FAILED);
        assertThat(ctl.err()).contains("schedule not found: sch-000000000000");
        assertThat(ctl.run("unschedule")).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl.run("enter", "--url", "http://x/\nMAINT_EXIT")).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl.err()).contains("--url must not contain control characters");

        assertThat(f.controller.schedules()).isEmpty();
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
    }

    @Test
    void enterAPathShowItInStatusAndExitIt() {
        assertThat(ctl.run("enter", "--target", "/admin")).isZero();
        assertThat(ctl.out()).isEqualTo("Maintenance entered on /admin.\n");
        assertThat(f.controller.status("admin").inMaintenance()).isTrue();
        assertThat(f.controller.status("site").inMaintenance()).isFalse();

        assertThat(ctl.run("status")).isZero();
        assertThat(ctl.out()).contains("Maintenance: 1 route(s)\n  admin  */admin  since 2026-01-01T00:00:00Z  hits 0\n")
                .contains("Drain: none\n");

        assertThat(ctl.run("exit", "--target=/admin")).isZero();
        assertThat(ctl.out()).endsWith("Maintenance exited on /admin.\n");
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        assertThat(f.registry.stats().sessions()).as("each invocation ends its session").isZero();
    }

    @Test
    void enterWithMessageEndAndRetryAfterUsesTheExtension() {
        assertThat(ctl.run("enter", "--message", "Database upgrade | back at noon", "--until", "2026-01-01T12:00:00Z",
                "--retry-after", "2m")).isZero();

        var s = f.controller.status("*");
        assertThat(s.inMaintenance()).isTrue();
        assertThat(s.maintenanceMessage()).isEqualTo("Database upgrade | back at noon");
        assertThat(s.maintenanceUntil()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(f.controller.snapshot().state("*").maintenance().retryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ctl.run("status", "--json")).isZero();
        assertThat(ctl.out()).contains("\"in_maintenance\":[\"*\",\"admin\",\"site\"]")
                .contains("\"message\":\"Database upgrade \\u007c back at noon\"").contains("{\"active\":false}");
    }

    @Test
    void enterWithAPageUrlWaitsForItsVerification() throws Exception {
        try (PageServer page = PageServer.start()) {
            assertThat(ctl.run("enter", "--target", "admin", "--url", page.uri("/down.html").toString())).isZero();
            assertThat(page.requests.get()).isEqualTo(1);
            assertThat(f.controller.status("admin").maintenancePageUrl()).isEqualTo(page.uri("/down.html").toString());
        }
    }

    @Test
    void drainAndCancelDrain() {
        assertThat(ctl.run("drain", "30")).isZero();
        assertThat(ctl.out()).isEqualTo("Draining the instance until 2026-01-01T00:00:30Z.\n");
        assertThat(f.controller.status("*").draining()).isTrue();
        f.clock.advance(Duration.ofSeconds(3));

        assertThat(ctl.run("status")).isZero();
        assertThat(ctl.out()).contains("Drain: started 2026-01-01T00:00:00Z, 3s of 30s elapsed, 27s left, 90% of"
                + " traffic admitted, 0 rejected");

        assertThat(ctl.run("cancel-drain")).isZero();
        assertThat(f.controller.status("*").draining()).isFalse();
        assertThat(ctl.run("cancel-drain")).isEqualTo(1);
        assertThat(ctl.err()).isEqualTo("maintenancectl: no drain in progress\n");
    }

    @Test
    void refusalsAreClearAndExitWith1() {
        assertThat(ctl.run("enter", "--target", "nope")).isEqualTo(1);
        assertThat(ctl.err()).isEqualTo("maintenancectl: route not found: nope\n");
        assertThat(ctl.run("enter", "--url", "ftp://x/")).isEqualTo(1);
        assertThat(ctl.err()).endsWith("maintenancectl: invalid maintenance page url\n");
        assertThat(f.controller.status("*").inMaintenance()).isFalse();
    }

    @Test
    void aRegistryThatIsNotThereIsReported() throws Exception {
        int port = PageServer.freePort();
        int status = ctl.raw("--port", Integer.toString(port), "status");

        assertThat(status).isEqualTo(1);
        assertThat(ctl.err()).startsWith("maintenancectl: cannot connect to the registry at 127.0.0.1:" + port + ": ")
                .contains("is the application running with its registry on that port?");
    }

    @Test
    void theTokenComesFromTheOptionOrTheEnvironment() {
        f.close();
        f = RegistryFixture.start(b -> b.token("s3cret"));

        assertThat(ctl.run("status")).isEqualTo(1);
        assertThat(ctl.err()).isEqualTo("maintenancectl: the registry refused the token (unauthorized): pass --token"
                + " or set MAINTENANCE_TOKEN\n");
        ctl.reset();
        assertThat(ctl.run("--token", "wrong", "status")).isEqualTo(1);
        assertThat(ctl.err()).contains("unauthorized");
        assertThat(ctl.run("--token", "s3cret", "status")).isZero();
        assertThat(ctl.run(Map.of("MAINTENANCE_TOKEN", "s3cret"), "enter")).isZero();
        assertThat(f.controller.status("*").inMaintenance()).isTrue();
    }

    @Test
    void watchPrintsSubscribedEventsUntilTheConnectionEnds() throws Exception {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> ctl.run("watch", "--type", "maintenance"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ctl.out().startsWith("Watching maintenance events"));

        f.controller.enter("admin");
        await().atMost(Duration.ofSeconds(20)).until(() -> ctl.out().contains("maintenance|{\"type\":\"maintenance\""));
        f.registry.close();

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ctl.out()).contains("\"route_ids\":[\"admin\"]");
        assertThat(ctl.err()).isEqualTo("maintenancectl: the registry closed the connection\n");
    }

    @Test
    void overTlsWithATruststore() throws Exception {
        TestTls tls = TestTls.generate(dir);
        var server = tls.server();
        f.close();
        f = RegistryFixture.start(b -> b.tls(server));

        assertThat(ctl.run("--truststore", tls.trustStore().toString(), "enter")).isZero();
        assertThat(f.controller.status("*").inMaintenance()).isTrue();
        assertThat(ctl.run("--tls", "status")).as("the JVM's CAs do not know this certificate").isEqualTo(1);
    }
}
