package io.github.maintenance.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.PageServer;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.TestTls;
import io.github.maintenance.route.Route;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        f.close();
    }

    private int ctl(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(f.port())));
        all.addAll(List.of(args));
        return MaintenanceCtl.run(all.toArray(String[]::new), print(out), print(err), env);
    }

    private int ctl(String... args) {
        return ctl(Map.of(), args);
    }

    private static PrintStream print(OutputStream o) {
        return new PrintStream(o, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scheduleListAndUnscheduleAWindow() {
        assertThat(ctl("schedule", "--target", "/admin", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z", "--message", "Database upgrade")).as(err()).isZero();
        String id = f.controller.schedules().get(0).id();
        assertThat(out()).isEqualTo("Scheduled maintenance window " + id
                + " on /admin from 2026-01-01T02:00:00Z to 2026-01-01T03:00:00Z.\n");
        assertThat(f.controller.schedules().get(0).message()).isEqualTo("Database upgrade");

        assertThat(ctl("schedule", "--start", "2026-01-02T02:00:00Z", "--end", "2026-01-02T04:00:00Z")).isZero();
        assertThat(f.controller.schedules()).hasSize(2);

        out.reset();
        assertThat(ctl("schedules")).isZero();
        assertThat(out()).startsWith("Scheduled windows: 2\n  " + id
                + "  /admin  2026-01-01T02:00:00Z to 2026-01-01T03:00:00Z  message Database upgrade\n  sch-");

        out.reset();
        assertThat(ctl("unschedule", id)).isZero();
        assertThat(out()).isEqualTo("Cancelled maintenance window " + id + ".\n");
        assertThat(f.controller.schedules()).hasSize(1);

        out.reset();
        assertThat(ctl("schedules", "--json")).isZero();
        assertThat(out()).startsWith("[{\"id\":\"sch-").contains("\"target\":\"ALL\"");
    }

    @Test
    void scheduleErrorsAreClearAndChangeNothing() {
        assertThat(ctl("schedule", "--target", "/admin", "--start", "soon", "--end", "2026-01-01T03:00:00Z"))
                .isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(err()).contains("--start needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration from now"
                + " (30m), got 'soon'");
        assertThat(ctl("schedule", "--target", "/admin", "--end", "2026-01-01T03:00:00Z"))
                .isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(err()).contains("schedule needs --start TIME and --end TIME");
        assertThat(ctl("schedule", "--target", "nope", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z")).isEqualTo(MaintenanceCtl.EXIT_FAILED);
        assertThat(err()).contains("route not found: nope");
        assertThat(ctl("unschedule", "sch-000000000000")).isEqualTo(MaintenanceCtl.EXIT_FAILED);
        assertThat(err()).contains("schedule not found: sch-000000000000");
        assertThat(ctl("unschedule")).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl("enter", "--url", "http://x/\nMAINT_EXIT")).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(err()).contains("--url must not contain control characters");

        assertThat(f.controller.schedules()).isEmpty();
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
    }

    @Test
    void enterAPathShowItInStatusAndExitIt() {
        assertThat(ctl("enter", "--target", "/admin")).isZero();
        assertThat(out()).isEqualTo("Maintenance entered on /admin.\n");
        assertThat(f.controller.status("admin").inMaintenance()).isTrue();
        assertThat(f.controller.status("site").inMaintenance()).isFalse();

        assertThat(ctl("status")).isZero();
        assertThat(out()).contains("Maintenance: 1 route(s)\n  admin  */admin  since 2026-01-01T00:00:00Z  hits 0\n")
                .contains("Drain: none\n");

        assertThat(ctl("exit", "--target=/admin")).isZero();
        assertThat(out()).endsWith("Maintenance exited on /admin.\n");
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        assertThat(f.registry.stats().sessions()).as("each invocation ends its session").isZero();
    }

    @Test
    void enterWithMessageEndAndRetryAfterUsesTheExtension() {
        assertThat(ctl("enter", "--message", "Database upgrade | back at noon", "--until", "2026-01-01T12:00:00Z",
                "--retry-after", "2m")).isZero();

        var s = f.controller.status("*");
        assertThat(s.inMaintenance()).isTrue();
        assertThat(s.maintenanceMessage()).isEqualTo("Database upgrade | back at noon");
        assertThat(s.maintenanceUntil()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(f.controller.snapshot().state("*").maintenance().retryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ctl("status", "--json")).isZero();
        assertThat(out()).contains("\"in_maintenance\":[\"*\",\"admin\",\"site\"]")
                .contains("\"message\":\"Database upgrade \\u007c back at noon\"").contains("{\"active\":false}");
    }

    @Test
    void enterWithAPageUrlWaitsForItsVerification() throws Exception {
        try (PageServer page = PageServer.start()) {
            assertThat(ctl("enter", "--target", "admin", "--url", page.uri("/down.html").toString())).isZero();
            assertThat(page.requests.get()).isEqualTo(1);
            assertThat(f.controller.status("admin").maintenancePageUrl()).isEqualTo(page.uri("/down.html").toString());
        }
    }

    @Test
    void drainAndCancelDrain() {
        assertThat(ctl("drain", "30")).isZero();
        assertThat(out()).isEqualTo("Draining the instance until 2026-01-01T00:00:30Z.\n");
        assertThat(f.controller.status("*").draining()).isTrue();
        f.clock.advance(Duration.ofSeconds(3));

        assertThat(ctl("status")).isZero();
        assertThat(out()).contains("Drain: started 2026-01-01T00:00:00Z, 3s of 30s elapsed, 27s left, 90% of traffic"
                + " admitted, 0 rejected");

        assertThat(ctl("cancel-drain")).isZero();
        assertThat(f.controller.status("*").draining()).isFalse();
        assertThat(ctl("cancel-drain")).isEqualTo(1);
        assertThat(err()).isEqualTo("maintenancectl: no drain in progress\n");
    }

    @Test
    void refusalsAreClearAndExitWith1() {
        assertThat(ctl("enter", "--target", "nope")).isEqualTo(1);
        assertThat(err()).isEqualTo("maintenancectl: route not found: nope\n");
        assertThat(ctl("enter", "--url", "ftp://x/")).isEqualTo(1);
        assertThat(err()).endsWith("maintenancectl: invalid maintenance page url\n");
        assertThat(f.controller.status("*").inMaintenance()).isFalse();
    }

    @Test
    void aRegistryThatIsNotThereIsReported() throws Exception {
        int port = PageServer.freePort();
        int status = MaintenanceCtl.run(new String[] {"--port", Integer.toString(port), "status"}, print(out),
                print(err), Map.of());

        assertThat(status).isEqualTo(1);
        assertThat(err()).startsWith("maintenancectl: cannot connect to the registry at 127.0.0.1:" + port + ": ")
                .contains("is the application running with its registry on that port?");
    }

    @Test
    void theTokenComesFromTheOptionOrTheEnvironment() {
        f.close();
        f = RegistryFixture.start(b -> b.token("s3cret"));

        assertThat(ctl("status")).isEqualTo(1);
        assertThat(err()).isEqualTo("maintenancectl: the registry refused the token (unauthorized): pass --token or"
                + " set MAINTENANCE_TOKEN\n");
        err.reset();
        assertThat(ctl("--token", "wrong", "status")).isEqualTo(1);
        assertThat(err()).contains("unauthorized");
        assertThat(ctl("--token", "s3cret", "status")).isZero();
        assertThat(ctl(Map.of("MAINTENANCE_TOKEN", "s3cret"), "enter")).isZero();
        assertThat(f.controller.status("*").inMaintenance()).isTrue();
    }

    @Test
    void badArgumentsExitWith2() {
        assertThat(MaintenanceCtl.run(new String[0], print(out), print(err), Map.of())).isEqualTo(2);
        assertThat(err()).isEqualTo("maintenancectl: a command is required\nRun 'maintenancectl help' for usage.\n");
        for (String[] args : List.of(new String[] {"frob"}, new String[] {"enter", "--colour", "red"},
                new String[] {"drain"}, new String[] {"drain", "soon"}, new String[] {"exec", "--target", "ALL"},
                new String[] {"exec", "--"}, new String[] {"enter", "--until", "yesterday"},
                new String[] {"enter", "--target", ""}, new String[] {"--port", "0", "status"},
                new String[] {"--bogus", "status"}, new String[] {"status", "extra"})) {
            assertThat(MaintenanceCtl.run(args, print(out), print(err), Map.of())).as(String.join(" ", args)).isEqualTo(2);
        }
        assertThat(MaintenanceCtl.run(new String[] {"help"}, print(out), print(err), Map.of())).isZero();
        assertThat(out()).isEqualTo(MaintenanceCtl.USAGE);
    }

    @Test
    void execEntersRunsTheCommandExitsAndReturnsItsStatus() throws Exception {
        Path fifo = dir.resolve("go");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> ctl("exec", "--target", "/admin", "--",
                "sh", "-c", "read line < \"$0\"; exit 7", fifo.toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.controller.status("admin").inMaintenance());
        assertThat(f.controller.status("site").inMaintenance()).isFalse();
        Files.writeString(fifo, "go\n");

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        assertThat(err()).contains("maintenance entered on /admin; running sh -c")
                .contains("maintenance exited on /admin (sh exited with 7)");
    }

    @Test
    void execExitsMaintenanceAlsoWhenTheCommandCannotRun() {
        assertThat(ctl("exec", "--", dir.resolve("no-such-program").toString())).isEqualTo(127);

        assertThat(f.controller.status("*").inMaintenance()).isFalse();
        assertThat(err()).contains("cannot run");
    }

    @Test
    void execDoesNotRunTheCommandWhenMaintenanceCannotBeEntered() {
        Path marker = dir.resolve("ran");

        assertThat(ctl("exec", "--target", "nope", "--", "touch", marker.toString())).isEqualTo(1);

        assertThat(marker).doesNotExist();
        assertThat(err()).isEqualTo("maintenancectl: route not found: nope; not running touch\n");
    }

    @Test
    void watchPrintsSubscribedEventsUntilTheConnectionEnds() throws Exception {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> ctl("watch", "--type", "maintenance"));
        await().atMost(Duration.ofSeconds(20)).until(() -> out().startsWith("Watching maintenance events"));

        f.controller.enter("admin");
        await().atMost(Duration.ofSeconds(20)).until(() -> out().contains("maintenance|{\"type\":\"maintenance\""));
        f.registry.close();

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(out()).contains("\"route_ids\":[\"admin\"]");
        assertThat(err()).isEqualTo("maintenancectl: the registry closed the connection\n");
    }

    @Test
    void overTlsWithATruststore() throws Exception {
        TestTls tls = TestTls.generate(dir);
        var server = tls.server();
        f.close();
        f = RegistryFixture.start(b -> b.tls(server));

        assertThat(ctl("--truststore", tls.trustStore().toString(), "enter")).isZero();
        assertThat(f.controller.status("*").inMaintenance()).isTrue();
        assertThat(ctl("--tls", "status")).as("the JVM's CAs do not know this certificate").isEqualTo(1);
    }
}
