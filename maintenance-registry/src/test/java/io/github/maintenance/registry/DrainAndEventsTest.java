package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.UrlPolicy;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.PageServer;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DRAIN_START / DRAIN_STATUS / DRAIN_CANCEL, SUBSCRIBE / UNSUBSCRIBE and EVENT lines, BACKEND_TEST. */
class DrainAndEventsTest {

    private final RegistryFixture f = RegistryFixture.start();
    private final Wire w = f.connect();
    private final String sid = w.register("deploy", "ci-1");

    @AfterEach
    void close() {
        f.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String reply, String token) throws Exception {
        assertThat(reply).startsWith(token + "|");
        return (Map<String, Object>) WireJson.parse(reply.substring(token.length() + 1));
    }

    @Test
    void drainStartTakesTheClientsBareSecondsAndAnswersTheCompletionTime() throws Exception {
        assertThat(w.call("DRAIN_START|" + sid + "|30")).isEqualTo("DRAIN_OK|2026-01-01T00:00:30Z");
        assertThat(f.controller.status("*").draining()).as("the whole instance drains").isTrue();

        f.clock.advance(Duration.ofMillis(12_700));
        Map<String, Object> m = object(w.call("DRAIN_STATUS|" + sid), "DRAIN_STATUS_OK");

        assertThat(m).containsEntry("active", true).containsEntry("started_at", "2026-01-01T00:00:00Z")
                .containsEntry("duration_seconds", 30).containsEntry("elapsed_seconds", 12)
                .containsEntry("remaining_seconds", 17).containsEntry("traffic_percent", 58)
                .containsEntry("rejected", 0);
    }

    @Test
    void aDrainStaysInProgressAfterItsPeriodUntilCancelled() throws Exception {
        w.call("DRAIN_START|" + sid + "|1m30s");
        f.clock.advance(Duration.ofMinutes(5));

        Map<String, Object> m = object(w.call("DRAIN_STATUS|" + sid), "DRAIN_STATUS_OK");
        assertThat(m).containsEntry("duration_seconds", 90).containsEntry("remaining_seconds", 0)
                .containsEntry("traffic_percent", 0);

        assertThat(w.call("DRAIN_CANCEL|" + sid)).isEqualTo("DRAIN_OK");
        assertThat(f.controller.status("*").draining()).isFalse();
        assertThat(w.call("DRAIN_STATUS|" + sid)).isEqualTo("ERROR|no drain in progress");
        assertThat(w.call("DRAIN_CANCEL|" + sid)).isEqualTo("ERROR|no drain in progress");
    }

    @Test
    void secondValuesAreTruncatedAndANewStartRestartsTheDrain() throws Exception {
        w.call("DRAIN_START|" + sid + "|200ms");
        assertThat(object(w.call("DRAIN_STATUS|" + sid), "DRAIN_STATUS_OK")).containsEntry("duration_seconds", 0);

        f.clock.advance(Duration.ofSeconds(10));
        assertThat(w.call("DRAIN_START|" + sid + "|10s")).isEqualTo("DRAIN_OK|2026-01-01T00:00:20Z");
        assertThat(object(w.call("DRAIN_STATUS|" + sid), "DRAIN_STATUS_OK"))
                .containsEntry("started_at", "2026-01-01T00:00:10Z").containsEntry("elapsed_seconds", 0);
    }

    @Test
    void drainDurationsMustBePositiveAndAtMostADay() {
        for (String bad : List.of("0", "0s", "-5", "soon", "25h", "")) {
            assertThat(w.call("DRAIN_START|" + sid + "|" + bad)).as(bad).isEqualTo("ERROR|invalid duration");
        }
        assertThat(w.call("DRAIN_START|" + sid)).isEqualTo("ERROR|invalid format");
        assertThat(f.controller.status("*").draining()).isFalse();
    }

    @Test
    void aSessionThatNeverSubscribesNeverGetsAnEventLine() {
        Wire other = f.session("ops", "cli");

        other.call("MAINT_ENTER|x|ALL|");
        other.read();
        other.call("DRAIN_START|x|10");
        other.call("MAINT_EXIT|x|ALL");
        other.read();

        assertThat(w.call("PING")).isEqualTo("PONG");
        assertThat(w.call("ROUTE_LIST|" + sid)).isEqualTo("ROUTE_LIST_OK|[]");
    }

    @Test
    void subscribersGetEventLinesOfTheirTypes() throws Exception {
        assertThat(w.call("SUBSCRIBE|" + sid + "|maintenance")).isEqualTo("SUBSCRIBE_OK");
        Wire other = f.session("ops", "cli");

        other.call("DRAIN_START|x|10");
        other.call("MAINT_ENTER|x|ALL|");
        other.read();

        String line = w.read();
        assertThat(line).startsWith("EVENT|maintenance|{");
        Map<String, Object> event = object(line.substring("EVENT|".length()), "maintenance");
        assertThat(event).containsEntry("type", "maintenance").containsEntry("event", "maintenance_entered")
                .containsEntry("at", "2026-01-01T00:00:00Z").containsEntry("route_ids", List.of("*"))
                .containsEntry("cause", "REGISTRY (ops/cli)").containsEntry("source", "registry")
                .containsEntry("actor", "ops/cli");
        assertThat(w.call("PING")).as("no drain event: not subscribed to drain").isEqualTo("PONG");
    }

    @Test
    void unsubscribeStopsEventsAndUnknownTypesAreRefused() {
        assertThat(w.call("SUBSCRIBE|" + sid + "|weather")).isEqualTo("ERROR|unknown event type");
        assertThat(w.call("UNSUBSCRIBE|" + sid + "|weather")).isEqualTo("ERROR|unknown event type");
        assertThat(w.call("UNSUBSCRIBE|" + sid + "|drain")).as("even if not subscribed").isEqualTo("UNSUBSCRIBE_OK");
        assertThat(w.call("SUBSCRIBE|" + sid + "|*")).isEqualTo("SUBSCRIBE_OK");
        assertThat(w.call("UNSUBSCRIBE|" + sid + "|*")).isEqualTo("UNSUBSCRIBE_OK");

        Wire other = f.session("ops", "cli");
        other.call("DRAIN_START|x|10");

        assertThat(w.call("PING")).isEqualTo("PONG");
    }

    @Test
    void routeAndConfigEventsComeFromApplying() throws Exception {
        w.call("SUBSCRIBE|" + sid + "|config");
        w.call("SUBSCRIBE|" + sid + "|route");
        String id = w.call("ROUTE_ADD|" + sid + "|*|/api|http://a:1|0").substring("ROUTE_OK|".length());

        w.send("CONFIG_APPLY|" + sid);
        List<String> lines = List.of(w.read(), w.read(), w.read());

        assertThat(lines).contains("OK");
        List<String> events = lines.stream().filter(l -> l.startsWith("EVENT|")).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("EVENT|route|{\"type\":\"route\",\"event\":\"route_added\"")
                .contains("\"route_ids\":[\"" + id + "\"]");
        assertThat(events.get(1)).startsWith("EVENT|config|{\"type\":\"config\",\"event\":\"config_applied\"")
                .contains("\"route_ids\":[\"" + id + "\"]");
    }

    @Test
    void eventsAreHeldBetweenAckAndMaintOk() throws Exception {
        try (PageServer page = PageServer.start()) {
            page.holdRequests();
            assertThat(w.call("SUBSCRIBE|" + sid + "|drain")).isEqualTo("SUBSCRIBE_OK");
            assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|" + page.uri("/slow"))).isEqualTo("ACK");
            assertThat(page.awaitFirstRequest()).isTrue();

            Wire other = f.session("ops", "cli");
            assertThat(other.call("DRAIN_START|x|10")).startsWith("DRAIN_OK|");
            page.release();

            assertThat(w.read()).isEqualTo("MAINT_OK|ALL");
            assertThat(w.read()).startsWith("EVENT|drain|{\"type\":\"drain\",\"event\":\"drain_started\"");
        }
    }

    @Test
    void backendTestReportsTheStatusOrTheFailure() throws Exception {
        try (PageServer page = PageServer.start()) {
            page.statuses.add(404);
            Map<String, Object> ok = object(w.call("BACKEND_TEST|" + sid + "|http://127.0.0.1:" + page.port()),
                    "BACKEND_OK");
            assertThat(ok).containsEntry("reachable", true).containsEntry("status_code", 404)
                    .containsEntry("tls_valid", false);
            assertThat(page.requests.get()).isEqualTo(1);
        }
        Map<String, Object> down = object(w.call("BACKEND_TEST|" + sid + "|http://127.0.0.1:" + PageServer.freePort() + "/x"),
                "BACKEND_FAIL");
        assertThat(down).containsEntry("reachable", false).containsKey("error");
        assertThat((String) down.get("error")).isNotBlank();
    }

    @Test
    void backendTestWithAnUnusableUrlFailsWithoutCrashingAnything() {
        for (String bad : List.of("%zz", "ftp://a/", "http://", "", "http://a b/")) {
            assertThat(w.call("BACKEND_TEST|" + sid + "|" + bad)).as(bad)
                    .isEqualTo("BACKEND_FAIL|{\"reachable\":false,\"error\":\"invalid url\"}");
        }
        assertThat(w.call("PING")).isEqualTo("PONG");
    }

    @Test
    void backendTestRefusesEveryLoopbackEncodingWhenThePolicyDeniesLoopback() {
        try (RegistryFixture denying = RegistryFixture.start(b -> b.urlPolicy(UrlPolicy.custom().denyLoopback().build()))) {
            Wire d = denying.connect();
            String id = d.register("deploy", "ci-2");
            for (String bad : List.of("http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f000001/",
                    "http://127.1/", "http://localhost/", "http://[::1]/", "http://0.0.0.0/")) {
                assertThat(d.call("BACKEND_TEST|" + id + "|" + bad)).as(bad)
                        .isEqualTo("BACKEND_FAIL|{\"reachable\":false,\"error\":\"invalid url\"}");
            }
        }
    }
}
