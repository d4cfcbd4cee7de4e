package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditExport;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --reason} and {@code audit} against a real registry on a loopback port: the reason and the
 * token's name land in the controller's audit trail, {@code audit} prints it as a table, JSON or
 * formula-safe CSV, and bad arguments are usage errors (status 2) that send nothing.
 */
@Timeout(60)
class ReasonAndAuditCtlTest {

    private static final Map<String, String> OPS = Map.of("MAINTENANCE_TOKEN", "ops-secret-0123");

    private RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("site").path("/").build())
            .route(Route.builder("admin").path("/admin").build()), b -> b.token("ops", "ops-secret-0123"));
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        f.close();
    }

    private AuditEntry newest() {
        return f.controller.audit().list(1, null).get(0);
    }

    @Test
    void everyChangeCommandRecordsItsReasonUnderTheTokensName() {
        assertThat(ctl.run(OPS, "enter", "--target", "admin", "--reason", "INC-42: disk full")).as(ctl.err()).isZero();
        assertThat(newest().action()).isEqualTo("enter");
        assertThat(newest().reason()).isEqualTo("INC-42: disk full");
        assertThat(newest().actor()).isEqualTo("ops");

        assertThat(ctl.run(OPS, "exit", "--target", "admin", "--reason", "disk replaced")).as(ctl.err()).isZero();
        assertThat(newest().action()).isEqualTo("exit");
        assertThat(newest().reason()).isEqualTo("disk replaced");

        assertThat(ctl.run(OPS, "drain", "30s", "--reason", "rolling restart")).as(ctl.err()).isZero();
        assertThat(newest().action()).isEqualTo("drain");
        assertThat(newest().reason()).isEqualTo("rolling restart");

        assertThat(ctl.run(OPS, "cancel-drain", "--reason", "restart postponed")).as(ctl.err()).isZero();
        assertThat(newest().action()).isEqualTo("cancel");
        assertThat(newest().reason()).isEqualTo("restart postponed");

        assertThat(ctl.run(OPS, "schedule", "--target", "admin", "--start", "2026-01-01T02:00:00Z", "--end",
                "2026-01-01T03:00:00Z", "--message", "Upgrade", "--reason", "quarterly patching")).as(ctl.err()).isZero();
        assertThat(newest().action()).isEqualTo("schedule");
        assertThat(newest().reason()).isEqualTo("quarterly patching");

        String id = f.controller.schedules().get(0).id();
        assertThat(ctl.run(OPS, "unschedule", id, "--reason", "vendor delay")).as(ctl.err()).isZero();
        assertThat(newest().action()).isEqualTo("unschedule");
        assertThat(newest().reason()).isEqualTo("vendor delay");

        assertThat(ctl.run(OPS, "enter", "--target", "admin")).as(ctl.err()).isZero();
        assertThat(newest().reason()).as("without --reason: none").isEmpty();
        assertThat(f.controller.audit().list()).extracting(AuditEntry::actor).containsOnly("ops");
    }

    @Test
    void execRecordsTheReasonWithItsEnterAndItsExit() {
        assertThat(ctl.run(OPS, "exec", "--target", "admin", "--reason", "schema migration", "--", "sh", "-c",
                "exit 0")).as(ctl.err()).isZero();
        List<AuditEntry> entries = f.controller.audit().list();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("exit", "enter");
        assertThat(entries).extracting(AuditEntry::reason).containsOnly("schema migration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"enter", "exit", "drain", "cancel-drain", "schedule", "unschedule", "exec"})
    void aBadReasonIsAUsageErrorAndChangesNothing(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        switch (command) {
            case "drain" -> args.add("30s");
            case "unschedule" -> args.add("sch-000000000000");
            case "schedule" -> args.addAll(List.of("--start", "2026-01-01T02:00:00Z", "--end", "2026-01-01T03:00:00Z"));
            default -> { }
        }
        args.addAll(List.of("--reason", "x".repeat(501)));
        if (command.equals("exec")) {
            args.addAll(List.of("--", "sh", "-c", "exit 0"));
        }
        assertThat(ctl.run(OPS, args.toArray(String[]::new))).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl.err()).contains("--reason: must be at most 500 characters, got 501");
        assertThat(f.controller.audit().size()).isZero();
        assertThat(f.controller.snapshot().isIdle()).isTrue();
        assertThat(f.registry.stats().sessions()).isZero();
    }

    @Test
    void aReasonWithAControlCharacterIsRefused() {
        assertThat(ctl.run(OPS, "enter", "--reason", "bell\u0007")).isEqualTo(MaintenanceCtl.EXIT_USAGE);
        assertThat(ctl.err()).contains("--reason: must not contain control characters (found U+0007 at position 4)");
        assertThat(f.controller.snapshot().isIdle()).isTrue();
    }

    private void threeChanges() {
        f.controller.enter(Target.parse("admin"), MaintenanceRequest.defaults(),
                Cause.api("=HYPERLINK(\"http://127.0.0.1/\")").withReason("+cmd, \"quoted\""));
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(ctl.run(OPS, "drain", "30s", "--reason", "INC-7 | rolling restart")).as(ctl.err()).isZero();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(ctl.run(OPS, "exit", "--target", "admin")).as(ctl.err()).isZero();
        ctl.reset();
    }

    @Test
    void auditPrintsTheTrailNewestFirstAsATable() {
        assertThat(ctl.run(OPS, "audit")).as(ctl.err()).isZero();
        assertThat(ctl.out()).isEqualTo("No changes recorded.\n");
        ctl.reset();
        threeChanges();

        assertThat(ctl.run(OPS, "audit")).as(ctl.err()).isZero();
        String[] lines = ctl.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).matches("TIME +SOURCE +ACTOR +ACTION +TARGET +ROUTES +REASON");
        assertThat(lines[1]).matches("2026-01-01T00:02:00Z +REGISTRY +ops +exit +admin +admin +-");
        assertThat(lines[2]).matches("2026-01-01T00:01:00Z +REGISTRY +ops +drain +ALL +.* +INC-7 \\| rolling restart");
        assertThat(lines[3]).startsWith("2026-01-01T00:00:00Z  API ").endsWith("+cmd, \"quoted\"");
        assertThat(ctl.err()).isEmpty();

        ctl.reset();
        assertThat(ctl.run(OPS, "audit", "--limit", "1")).isZero();
        assertThat(ctl.out().split("\n")).hasSize(2);
        ctl.reset();
        assertThat(ctl.run(OPS, "audit", "--since", "2026-01-01T00:01:00Z")).isZero();
        assertThat(ctl.out().split("\n")).hasSize(3);
        ctl.reset();
        assertThat(ctl.run(OPS, "audit", "--since", "2h")).as("a duration ago: now is far after the test clock")
                .isZero();
        assertThat(ctl.out()).isEqualTo("No changes recorded.\n");
    }

    @Test
    void auditWritesTheExportsJsonAndAFormulaSafeCsv() {
        threeChanges();
        List<AuditEntry> trail = f.controller.audit().list();

        assertThat(ctl.run(OPS, "audit", "--format", "json")).as(ctl.err()).isZero();
        assertThat(ctl.out()).isEqualTo(AuditExport.json(trail) + "\n");

        ctl.reset();
        assertThat(ctl.run(OPS, "audit", "--format", "csv", "--limit", "1000")).as(ctl.err()).isZero();
        String csv = ctl.out();
        assertThat(csv).isEqualTo(AuditExport.csv(trail));
        assertThat(csv).startsWith(AuditExport.CSV_HEADER + "\r\n")
                .contains(",API,\"'=HYPERLINK(\"\"http://127.0.0.1/\"\")\",\"'+cmd, \"\"quoted\"\"\",enter,");
    }

    @Test
    void badAuditArgumentsAreUsageErrors() {
        String[][] cases = {
            {"--limit", "0"}, {"--limit", "1001"}, {"--limit", "ten"}, {"--since", "yesterday"},
            {"--format", "xml"}};
        String[] messages = {
            "--limit must be a whole number from 1 to 1000, got '0'",
            "--limit must be a whole number from 1 to 1000, got '1001'",
            "--limit must be a whole number from 1 to 1000, got 'ten'",
            "--since needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration ago (2h), got 'yesterday'",
            "--format must be table, json or csv, got 'xml'"};
        for (int i = 0; i < cases.length; i++) {
            ctl.reset();
            String[] args = {"audit", cases[i][0], cases[i][1]};
            assertThat(ctl.run(OPS, args)).as(String.join(" ", args)).isEqualTo(MaintenanceCtl.EXIT_USAGE);
            assertThat(ctl.err()).contains("maintenancectl: " + messages[i])
                    .contains("Run 'maintenancectl audit --help' for usage.");
            assertThat(ctl.out()).isEmpty();
        }
        assertThat(f.registry.stats().sessions()).isZero();
    }

    @Test
    void auditWithAWrongTokenFails() {
        assertThat(ctl.run(Map.of("MAINTENANCE_TOKEN", "wrong"), "audit")).isEqualTo(MaintenanceCtl.EXIT_FAILED);
        assertThat(ctl.err()).contains("unauthorized");
    }
}
