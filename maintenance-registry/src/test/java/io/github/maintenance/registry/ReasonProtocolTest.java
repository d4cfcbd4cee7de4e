package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reason of registry changes over a real connection: {@code MAINT_REASON} sets it for the
 * session's following changes, standard commands included (whose replies stay exactly as they
 * were), the {@code "reason"} key of the {@code _EX} commands for one change; a bad reason is
 * refused with the rule and changes nothing.
 */
@Timeout(60)
class ReasonProtocolTest {

    private RegistryFixture f;
    private Wire w;
    private String sid;

    @BeforeEach
    void start() {
        f = RegistryFixture.start(MaintenanceConfig.custom().route(Route.builder("admin").path("/admin").build()),
                b -> b);
        w = f.connect();
        sid = w.register("deploy", "ci-1");
    }

    @AfterEach
    void close() {
        f.close();
    }

    private AuditEntry newest() {
        return f.controller.audit().list(1, null).get(0);
    }

    @Test
    void theSessionsReasonGoesWithEveryFollowingStandardChangeWhoseRepliesStayTheSame() {
        assertThat(w.call("MAINT_REASON|" + sid + "|  Release 4.2 | database migration  ")).isEqualTo("REASON_OK");

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(w.call("DRAIN_START|" + sid + "|30")).isEqualTo("DRAIN_OK|2026-01-01T00:00:30Z");
        assertThat(w.call("DRAIN_CANCEL|" + sid)).isEqualTo("DRAIN_OK");
        assertThat(w.call("MAINT_EXIT|" + sid + "|admin")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");

        List<AuditEntry> entries = f.controller.audit().list();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("exit", "cancel", "drain", "enter");
        assertThat(entries).extracting(AuditEntry::reason).containsOnly("Release 4.2 | database migration");
        assertThat(entries).extracting(AuditEntry::actor).containsOnly("deploy/ci-1");

        assertThat(w.call("MAINT_REASON|" + sid + "|")).isEqualTo("REASON_OK");
        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(newest().reason()).isEmpty();

        assertThat(w.call("MAINT_REASON|" + sid + "|rollback")).isEqualTo("REASON_OK");
        assertThat(w.call("MAINT_REASON|" + sid)).isEqualTo("REASON_OK");
        assertThat(w.call("MAINT_EXIT|" + sid + "|admin")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(newest().reason()).as("MAINT_REASON without text clears it too").isEmpty();
    }

    @Test
    void aBadReasonIsRefusedWithItsRuleAndTheSessionKeepsItsReason() {
        assertThat(w.call("MAINT_REASON|" + sid + "|planned")).isEqualTo("REASON_OK");
        assertThat(w.call("MAINT_REASON|" + sid + "|" + "x".repeat(501)))
                .isEqualTo("ERROR|field 'reason' must be at most 500 characters, got 501");
        assertThat(w.call("MAINT_REASON|" + sid + "|tab\there"))
                .isEqualTo("ERROR|field 'reason' must not contain control characters (found U+0009 at position 3)");
        assertThat(f.controller.audit().size()).isZero();

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(newest().reason()).isEqualTo("planned");
    }

    @Test
    void theReasonKeyOfMaintEnterExIsThatChangesOwnAndABadOneChangesNothing() {
        assertThat(w.call("MAINT_REASON|" + sid + "|session reason")).isEqualTo("REASON_OK");

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"reason\":\"" + "y".repeat(501) + "\"}"))
                .isEqualTo("ERROR|field 'reason' must be at most 500 characters, got 501");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"reason\":\"bell\\u0007\"}"))
                .startsWith("ERROR|field 'reason' must not contain control characters");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"reason\":42}")).isEqualTo("ERROR|invalid json");
        assertThat(f.controller.audit().size()).isZero();
        assertThat(f.controller.snapshot().isIdle()).isTrue();

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"message\":\"Back soon\",\"reason\":\"INC-7 | hotfix\"}"))
                .isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(newest().reason()).isEqualTo("INC-7 | hotfix");
        assertThat(newest().action()).isEqualTo("enter");

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"message\":\"Still\"}")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(newest().reason()).as("without the key: the session's reason").isEqualTo("session reason");

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"message\":\"Again\",\"reason\":\"\"}")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(newest().reason()).as("an empty key: none for this change").isEmpty();
    }

    @Test
    void theReasonKeyOfMaintScheduleExGoesWithTheScheduleAndItsCancellation() {
        String json = "{\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"";
        assertThat(w.call("MAINT_SCHEDULE_EX|" + sid + "|admin|" + json + ",\"reason\":\"\\u001b\"}"))
                .startsWith("ERROR|field 'reason' must not contain control characters");
        assertThat(f.controller.schedules()).isEmpty();

        String reply = w.call("MAINT_SCHEDULE_EX|" + sid + "|admin|" + json + ",\"reason\":\"quarterly patching\"}");
        assertThat(reply).startsWith("SCHEDULE_OK|sch-");
        assertThat(newest().action()).isEqualTo("schedule");
        assertThat(newest().reason()).isEqualTo("quarterly patching");

        assertThat(w.call("MAINT_REASON|" + sid + "|plans changed")).isEqualTo("REASON_OK");
        String id = reply.substring("SCHEDULE_OK|".length());
        assertThat(w.call("MAINT_UNSCHEDULE|" + sid + "|" + id)).isEqualTo("UNSCHEDULE_OK|" + id);
        assertThat(newest().action()).isEqualTo("unschedule");
        assertThat(newest().reason()).isEqualTo("plans changed");
    }

    @Test
    void theReasonIsTheSessionsOwnAndSurvivesAReconnect() {
        assertThat(w.call("MAINT_REASON|" + sid + "|mine")).isEqualTo("REASON_OK");
        Wire other = f.connect();
        String otherSid = other.register("deploy", "ci-2");
        assertThat(other.call("DRAIN_START|" + otherSid + "|1m")).startsWith("DRAIN_OK|");
        assertThat(newest().reason()).isEmpty();
        assertThat(newest().actor()).isEqualTo("deploy/ci-2");

        w.close();
        Wire again = f.connect();
        assertThat(again.call("RECONNECT|" + sid)).isEqualTo("OK");
        assertThat(again.call("DRAIN_CANCEL|" + sid)).isEqualTo("DRAIN_OK");
        assertThat(newest().reason()).isEqualTo("mine");
    }

    @Test
    void maintReasonNeedsASession() {
        Wire fresh = f.connect();
        assertThat(fresh.call("MAINT_REASON|x|why")).isEqualTo("ERROR|no session");
    }
}
