package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code MAINT_AUDIT} over a real connection: the trail newest first with AuditExport's fields,
 * {@code limit} and {@code since}, bad arguments refused, and a long trail bounded below the
 * line limit.
 */
@Timeout(60)
class AuditProtocolTest {

    private RegistryFixture f;
    private Wire w;
    private String sid;

    @BeforeEach
    void start() {
        f = RegistryFixture.start(MaintenanceConfig.custom().route(Route.builder("admin").path("/admin").build()),
                b -> b.token("ops", "ops-secret-1"));
        w = f.connect();
        sid = w.register("deploy", "ci-1", "{\"auth_token\":\"ops-secret-1\"}");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> audit(String json) throws Exception {
        String reply = w.call("MAINT_AUDIT|" + sid + (json == null ? "" : "|" + json));
        assertThat(reply).startsWith("AUDIT_OK|");
        assertThat(Reply.payload(reply)).doesNotContain("|");
        return (Map<String, Object>) WireJson.parse(Reply.payload(reply));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> reply) {
        return (List<Map<String, Object>>) reply.get("entries");
    }

    @Test
    void theTrailComesNewestFirstWithTheExportsFieldsTheTokensNameAndTheReason() throws Exception {
        assertThat(audit(null)).isEqualTo(Map.of("entries", List.of(), "count", 0, "truncated", false));

        assertThat(w.call("MAINT_REASON|" + sid + "|INC-7 | rollback")).isEqualTo("REASON_OK");
        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(w.call("MAINT_EXIT|" + sid + "|admin")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");

        Map<String, Object> reply = audit("{}");
        assertThat(reply).containsEntry("count", 2).containsEntry("truncated", false);
        List<Map<String, Object>> entries = entries(reply);
        assertThat(entries).extracting(m -> m.get("action")).containsExactly("exit", "enter");
        Map<String, Object> enter = entries.get(1);
        assertThat(enter.keySet()).containsExactly("time", "instance", "source", "actor", "reason", "action", "target",
                "routeIds", "before", "after", "detail", "version");
        AuditEntry recorded = f.controller.audit().list().get(1);
        assertThat(enter).containsEntry("time", recorded.time().toString()).containsEntry("instance", "test")
                .containsEntry("source", "REGISTRY").containsEntry("actor", "ops")
                .containsEntry("reason", "INC-7 | rollback").containsEntry("target", "admin")
                .containsEntry("routeIds", List.of("admin")).containsEntry("before", recorded.before())
                .containsEntry("after", recorded.after()).containsEntry("detail", recorded.detail())
                .containsEntry("version", (int) recorded.version());
        assertThat(recorded.after().get("admin")).startsWith("maintenance");
    }

    @Test
    void limitAndSinceSelectTheNewestEntries() throws Exception {
        Instant first = f.clock.instant();
        for (int i = 0; i < 5; i++) {
            f.controller.enter(Target.parse("admin"), MaintenanceRequest.builder().message("m" + i).build(),
                    Cause.api("job").withReason("r" + i));
            f.clock.advance(Duration.ofMinutes(1));
        }
        assertThat(entries(audit("{\"limit\":2}"))).extracting(m -> m.get("reason")).containsExactly("r4", "r3");
        assertThat(entries(audit("{\"since\":\"" + first.plus(Duration.ofMinutes(3)) + "\"}")))
                .extracting(m -> m.get("reason")).containsExactly("r4", "r3");
        assertThat(entries(audit("{\"since\":\"2026-01-01T01:02:00+01:00\",\"limit\":1000}")))
                .extracting(m -> m.get("reason")).containsExactly("r4", "r3", "r2");
        assertThat(entries(audit("{\"limit\":1,\"since\":\"" + first + "\"}"))).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "{\"limit\":0};ERROR|invalid limit: expected a whole number from 1 to 1000",
        "{\"limit\":1001};ERROR|invalid limit: expected a whole number from 1 to 1000",
        "{\"limit\":\"5\"};ERROR|invalid limit: expected a whole number from 1 to 1000",
        "{\"limit\":2.5};ERROR|invalid limit: expected a whole number from 1 to 1000",
        "{\"limit\":99999999999999999999};ERROR|invalid limit: expected a whole number from 1 to 1000",
        "{\"since\":\"yesterday\"};ERROR|invalid since: expected an ISO-8601 time such as 2026-05-01T14:00:00Z",
        "{\"since\":\"2026-01-01T00:00:00\"};ERROR|invalid since: expected an ISO-8601 time such as 2026-05-01T14:00:00Z",
        "{\"since\":7};ERROR|invalid since: expected an ISO-8601 time such as 2026-05-01T14:00:00Z",
        "{\"until\":\"2026-01-01T00:00:00Z\"};ERROR|unknown field: until",
        "[1];ERROR|invalid json",
        "null;ERROR|invalid json",
        "{\"limit\":;ERROR|invalid json"})
    void badArgumentsAreRefusedWithAClearError(String json, String error) {
        assertThat(w.call("MAINT_AUDIT|" + sid + "|" + json)).isEqualTo(error);
        assertThat(w.call("PING|" + sid)).isEqualTo("PONG");
    }

    @Test
    void aLongTrailIsBoundedBelowTheLineLimitAndSaysSo() throws Exception {
        String reason = "r".repeat(Cause.MAX_REASON_LENGTH);
        for (int i = 0; i < 300; i++) {
            f.controller.enter(Target.parse("admin"), MaintenanceRequest.builder().message("m" + i).build(),
                    Cause.api("job").withReason(reason));
        }
        String line = w.call("MAINT_AUDIT|" + sid + "|{\"limit\":1000}");
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(64 * 1024);
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) WireJson.parse(Reply.payload(line));
        int count = (Integer) reply.get("count");
        assertThat(reply).containsEntry("truncated", true);
        assertThat(count).isBetween(50, 299).isEqualTo(entries(reply).size());
        assertThat(entries(reply).get(0)).containsEntry("detail", f.controller.audit().list().get(0).detail());
    }

    @Test
    void anEntryOfManyRoutesIsSentWithoutItsRouteStates() throws Exception {
        MaintenanceConfig.Builder many = MaintenanceConfig.custom();
        for (int i = 0; i < 400; i++) {
            many.route(Route.builder("route-with-a-long-identifier-" + i).path("/p" + i).build());
        }
        f.close();
        f = RegistryFixture.start(many, b -> b);
        w = f.connect();
        sid = w.register("deploy", "ci-1");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|ALL");

        List<Map<String, Object>> entries = entries(audit(null));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("states_omitted", true).containsEntry("routeIds", List.of())
                .containsEntry("action", "enter").containsEntry("actor", "deploy/ci-1");
        assertThat(f.controller.audit().list().get(0).routeIds()).hasSizeGreaterThan(400);
    }
}
