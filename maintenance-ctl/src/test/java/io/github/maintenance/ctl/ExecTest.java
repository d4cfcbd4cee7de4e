package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec: enters, runs, exits and returns the command's status; restores the state it found; checks the command first. */
class ExecTest {

    @TempDir
    Path dir;
    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("site").path("/").build())
            .route(Route.builder("admin").path("/admin").build())
            .route(Route.builder("api").path("/api").build()), b -> b);
    private final CtlRunner ctl = new CtlRunner(() -> f.port());
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        f.close();
    }

    private boolean inMaintenance(String id) {
        return f.controller.status(id).inMaintenance();
    }

    @Test
    void execEntersRunsTheCommandExitsAndReturnsItsStatus() throws Exception {
        Path fifo = dir.resolve("go");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> ctl.run("exec", "--target", "/admin",
                "--", "sh", "-c", "read line < \"$0\"; exit 7", fifo.toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> inMaintenance("admin"));
        assertThat(inMaintenance("site")).isFalse();
        Files.writeString(fifo, "go\n");

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(inMaintenance("admin")).isFalse();
        assertThat(ctl.err()).contains("maintenance entered on /admin; running sh -c")
                .contains("maintenance exited on /admin (sh exited with 7)");
    }

    @Test
    void withoutDashesTheCommandStartsAtTheFirstArgumentThatIsNoOption() {
        assertThat(ctl.run("exec", "--target", "/admin", "sh", "-c", "exit 4")).isEqualTo(4);

        assertThat(inMaintenance("admin")).isFalse();
        assertThat(ctl.err()).contains("maintenance exited on /admin (sh exited with 4)");
    }

    @Test
    void execKeepsMaintenanceSomeoneElseEntered() {
        f.controller.enter("admin", MaintenanceRequest.builder().message("Migration by the DBA").build());
        f.controller.addListener(events::add);

        assertThat(ctl.run("exec", "--target", "/admin", "--message", "Deploy", "--", "sh", "-c", "exit 3"))
                .isEqualTo(3);

        assertThat(inMaintenance("admin")).as("left as found").isTrue();
        assertThat(f.controller.status("admin").maintenanceMessage()).as("not entered again").isEqualTo(
                "Migration by the DBA");
        assertThat(events).as("no change at all").isEmpty();
        assertThat(ctl.err()).contains("/admin is in maintenance already; running sh -c exit 3 and leaving it in"
                + " maintenance afterwards")
                .contains("warning: --url, --message, --until and --retry-after are not applied")
                .contains("maintenance left on /admin as found (sh exited with 3)");
    }

    @Test
    void execExitsOnlyWhatItEnteredWhenPartOfTheTargetWasInMaintenance() {
        f.controller.enter("admin");

        assertThat(ctl.run("exec", "--target", "/admin,/api", "--", "sh", "-c", "exit 0")).isZero();

        assertThat(inMaintenance("admin")).as("was in maintenance before").isTrue();
        assertThat(inMaintenance("api")).as("entered and exited by exec").isFalse();
        assertThat(ctl.err()).contains("maintenance entered on /admin,/api; running sh -c exit 0 (api to be exited"
                + " afterwards)").contains("maintenance exited on api (sh exited with 0)");
    }

    @Test
    void execOnAllWarnsThatItsExitEndsMaintenanceFoundOnSomeRoutes() {
        f.controller.enter("admin");

        assertThat(ctl.run("exec", "--", "sh", "-c", "exit 0")).isZero();

        assertThat(ctl.err()).contains("warning: admin in maintenance already: exiting ALL afterwards ends that too")
                .contains("maintenance exited on ALL (sh exited with 0)");
        assertThat(inMaintenance("admin")).isFalse();
    }

    @Test
    void aMissingCommandEntersNothing() {
        f.controller.addListener(events::add);

        assertThat(ctl.run("exec", "--target", "/admin", "--", dir.resolve("no-such-program").toString()))
                .isEqualTo(MaintenanceCtl.EXIT_NOT_RUNNABLE);
        assertThat(ctl.err()).isEqualTo("maintenancectl: cannot run " + dir.resolve("no-such-program")
                + ": no such file; maintenance not entered\n");
        ctl.reset();
        assertThat(ctl.run("exec", "--", "no-such-program-on-the-path")).isEqualTo(MaintenanceCtl.EXIT_NOT_RUNNABLE);
        assertThat(ctl.err()).isEqualTo("maintenancectl: cannot run no-such-program-on-the-path: command not found on"
                + " PATH; maintenance not entered\n");

        assertThat(events).as("never entered, not even for a moment").isEmpty();
        assertThat(f.controller.history()).isEmpty();
    }

    @Test
    void execExitsMaintenanceAlsoWhenTheCommandCannotStart() throws Exception {
        Path script = dir.resolve("needs-a-missing-interpreter");
        Files.writeString(script, "#!/no/such/interpreter\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(ctl.run("exec", "--target", "/admin", "--", script.toString()))
                .isEqualTo(MaintenanceCtl.EXIT_NOT_RUNNABLE);

        assertThat(f.controller.history()).as("entered, then exited").hasSize(1);
        assertThat(inMaintenance("admin")).isFalse();
        assertThat(ctl.err()).contains("cannot run " + script + ": ");
    }

    @Test
    void execDoesNotRunTheCommandWhenMaintenanceCannotBeEntered() {
        Path marker = dir.resolve("ran");

        assertThat(ctl.run("exec", "--target", "nope", "--", "touch", marker.toString())).isEqualTo(1);

        assertThat(marker).doesNotExist();
        assertThat(ctl.err()).isEqualTo("maintenancectl: route not found: nope; not running touch\n");
    }
}
