package io.github.maintenance;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.route.Route;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in a file store: survives restarts, bounded, damage-tolerant, not duplicated by peers. */
@Timeout(30)
class AuditPersistenceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atDefault();

    private MaintenanceController controller(AuditPolicy policy) {
        return MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .audit(policy)
                .stateStore(FileStateStore.builder(dir.resolve("state.properties")).pollInterval(Duration.ofMillis(50))
                        .build())
                .build());
    }

    private Path auditFile() {
        return dir.resolve("state.properties" + FileStateStore.AUDIT_SUFFIX);
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(auditFile());
    }

    @Test
    void theTrailSurvivesARestart() throws Exception {
        List<AuditEntry> before;
        try (MaintenanceController c = controller(AuditPolicy.defaults())) {
            c.enter(Target.parse("api"), MaintenanceRequest.builder().build(), Cause.api("ops").withReason("upgrade"));
            clock.advance(Duration.ofMinutes(1));
            c.exit(Target.parse("api"), Cause.api("ops"));
            before = c.audit().list();
        }
        assertThat(lines()).hasSize(2);
        try (MaintenanceController restarted = controller(AuditPolicy.defaults())) {
            assertThat(restarted.audit().list()).isEqualTo(before);
            assertThat(restarted.audit().list().get(1).reason()).isEqualTo("upgrade");
            restarted.enter("api");
            assertThat(restarted.audit().list()).hasSize(3);
        }
        assertThat(lines()).hasSize(3);
    }

    @Test
    void aDamagedLineIsSkippedAndTheRestIsRead() throws Exception {
        try (MaintenanceController c = controller(AuditPolicy.defaults())) {
            c.enter("api");
            c.exit("api");
        }
        List<String> lines = new ArrayList<>(lines());
        lines.add(1, "{\"time\":\"not a time\",\"action\":\"enter\"}");
        lines.add(2, "{broken");
        lines.add(3, "\u0000\u0001garbage");
        lines.add(4, "{\"action\":\"" + "x".repeat(70_000) + "\"}");
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\r");
        Files.write(auditFile(), lines);

        try (MaintenanceController c = controller(AuditPolicy.defaults())) {
            assertThat(c.audit().list()).extracting(AuditEntry::action).containsExactly("exit", "enter");
            c.enter("api");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.audit().list()).extracting(AuditEntry::action).containsExactly("enter", "exit", "enter");
        }
    }

    @Test
    void theFileIsTrimmedToTheCountByRewriting() throws Exception {
        AuditPolicy policy = AuditPolicy.of(20, Duration.ofDays(1));
        try (MaintenanceController c = controller(policy)) {
            for (int i = 0; i < 60; i++) {
                c.enter("api");
                c.exit("api");
            }
            assertThat(c.audit().size()).isEqualTo(20);
            assertThat(lines().size()).as("at most the bound plus the slack").isBetween(20, 36);
            assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
            List<AuditEntry> kept = c.audit().list();
            try (MaintenanceController restarted = controller(policy)) {
                assertThat(restarted.audit().list()).isEqualTo(kept);
            }
        }
    }

    @Test
    void entriesOlderThanTheAgeAreNotLoaded() throws Exception {
        AuditPolicy policy = AuditPolicy.of(100, Duration.ofHours(1));
        try (MaintenanceController c = controller(policy)) {
            c.enter("api");
            clock.advance(Duration.ofMinutes(59));
            c.exit("api");
        }
        clock.advance(Duration.ofMinutes(2));
        try (MaintenanceController c = controller(policy)) {
            assertThat(c.audit().list()).extracting(AuditEntry::action).containsExactly("exit");
        }
    }

    @Test
    void aPeerListsTheChangeWithItsActorAndReasonFromTheSharedFileWhichHoldsItOnce() throws Exception {
        try (MaintenanceController a = controller(AuditPolicy.defaults());
             MaintenanceController b = controller(AuditPolicy.defaults())) {
            a.enter(Target.parse("api"), MaintenanceRequest.builder().build(), Cause.api("ops").withReason("db"));
            await().until(() -> b.decide("h", "/api").action() == Action.MAINTENANCE);
            await().until(() -> b.audit().size() == 1);
            assertThat(b.audit().list()).singleElement().satisfies(e -> {
                assertThat(e.source()).isEqualTo(Cause.Source.API);
                assertThat(e.actor()).isEqualTo("ops");
                assertThat(e.reason()).isEqualTo("db");
                assertThat(e.action()).isEqualTo("enter");
                assertThat(e.before()).containsEntry("api", "serving");
                assertThat(e.after()).containsEntry("api", "maintenance(full)");
                assertThat(e.version()).isEqualTo(a.snapshot().version());
            });
            assertThat(a.audit().list()).isEqualTo(b.audit().list());
            assertThat(lines()).hasSize(1);
        }
    }

    @Test
    void anAuditFileThatCannotBeWrittenNeverFailsAChange() throws Exception {
        Files.createDirectories(auditFile());
        try (MaintenanceController c = controller(AuditPolicy.defaults())) {
            assertThat(c.audit().list()).isEmpty();
            c.enter("api");
            assertThat(c.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.audit().list()).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo("enter"));
        }
    }

    @Test
    void offWritesNoFile() {
        try (MaintenanceController c = controller(AuditPolicy.off())) {
            c.enter("api");
        }
        assertThat(auditFile()).doesNotExist();
    }
}
