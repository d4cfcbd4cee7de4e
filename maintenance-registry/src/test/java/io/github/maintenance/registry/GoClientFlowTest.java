package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.PageServer;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The public Go client's own sequences, line for line: the commands it formats (metadata
 * {@code null} from a nil map, the bare integer of {@code DrainStart(int)}, {@code OPTIONS_SET}
 * values such as {@code 30}), and the way it reads replies (split on {@code |}, JSON from field 1;
 * {@code ACK} then lines until {@code MAINT_OK} or {@code ERROR}; Init's cleanup looking for a key
 * {@code id} in ROUTE_LIST; RECONNECT then REGISTER and the replay that probes HEALTH_SET on every
 * new route id).
 */
class GoClientFlowTest {

    private final RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom().detailedStatistics(true),
            b -> b.verificationRetryInterval(Duration.ofMillis(100)));

    @AfterEach
    void close() {
        f.close();
    }

    /** What the Go client does with one reply: split on every {@code |}. */
    private static String[] parts(String reply) {
        return reply.split("\\|", -1);
    }

    /** {@code json.Unmarshal([]byte(parts[1]), &v)}. */
    private static Object field1Json(String reply) throws Exception {
        String[] p = parts(reply);
        assertThat(p).as("a JSON reply must survive the client's split: " + reply).hasSize(2);
        return WireJson.parse(p[1]);
    }

    /** Init: REGISTER with nil metadata, then CleanupOldRoutes. */
    private String init(Wire w) throws Exception {
        String reply = w.call("REGISTER|shop|10.2.2.7|8080|null");
        String[] p = parts(reply);
        assertThat(p.length).isGreaterThanOrEqualTo(2);
        assertThat(p[0]).isEqualTo("ACK");
        String sid = p[1];
        cleanupOldRoutes(w, sid);
        return sid;
    }

    @SuppressWarnings("unchecked")
    private static void cleanupOldRoutes(Wire w, String sid) throws Exception {
        List<Object> routes = (List<Object>) field1Json(w.call("ROUTE_LIST|" + sid + ""));
        int removed = 0;
        for (Object r : routes) {
            if (((Map<String, Object>) r).get("id") instanceof String id) {
                assertThat(w.call("ROUTE_REMOVE|" + sid + "|" + id)).doesNotStartWith("ERROR");
                removed++;
            }
        }
        if (!routes.isEmpty()) {
            assertThat(w.call("CONFIG_APPLY|" + sid)).doesNotStartWith("ERROR");
        }
        assertThat(removed).as("no key 'id': the client never removes routes at Init").isZero();
    }

    private static String addRoute(Wire w, String sid, List<String> domains, String path, String backend, int priority) {
        String reply = w.call("ROUTE_ADD|" + sid + "|" + String.join(",", domains) + "|" + path + "|" + backend + "|"
                + priority);
        String[] p = parts(reply);
        assertThat(p[0]).isEqualTo("ROUTE_OK");
        return p[1];
    }

    /** MaintenanceEnterWithURL: one 30 s deadline over ACK and the lines up to MAINT_OK. */
    private static String maintenanceEnter(Wire w, String sid, String target, String url) {
        String ack = w.call("MAINT_ENTER|" + sid + "|" + target + "|" + url);
        if (!ack.equals("ACK") && ack.startsWith("ERROR")) {
            return "local";
        }
        while (true) {
            String line = w.read();
            if (line.startsWith("MAINT_OK")) {
                return "proxy";
            }
            if (line.startsWith("ERROR")) {
                return "local";
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServiceLifecycleAsTheGoClientRunsIt() throws Exception {
        Wire w = f.connect();
        String sid = init(w);
        String api = addRoute(w, sid, List.of("shop.example.com", "www.shop.example.com"), "/api",
                "http://10.2.2.7:8080", 10);
        String web = addRoute(w, sid, List.of("shop.example.com"), "/", "http://10.2.2.7:8080", 1);
        assertThat(w.call("HEALTH_SET|" + sid + "|" + api + "|/api/health|30s|5s")).doesNotStartWith("ERROR");
        assertThat(w.call("OPTIONS_SET|" + sid + "|ALL|timeout|30")).doesNotStartWith("ERROR");
        assertThat(w.call("HEADERS_SET|" + sid + "|ALL|X-Served-By|shop")).doesNotStartWith("ERROR");
        assertThat(w.call("RATELIMIT_SET|" + sid + "|" + api + "|100|1m")).doesNotStartWith("ERROR");
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + api + "|5|30s|2")).doesNotStartWith("ERROR");
        Map<String, Object> diff = (Map<String, Object>) field1Json(w.call("CONFIG_DIFF|" + sid));
        assertThat((Map<String, Object>) diff.get("routes")).containsEntry("added", 2);
        assertThat(w.call("CONFIG_VALIDATE|" + sid)).doesNotStartWith("ERROR");
        assertThat(w.call("CONFIG_APPLY|" + sid)).doesNotStartWith("ERROR");
        assertThat(f.controller.exemptPaths()).containsExactly("/api/health");

        List<Object> bulk = new ArrayList<>();
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("domains", List.of("static.shop.example.com"));
        element.put("path", "/");
        element.put("backend_url", "http://10.2.2.7:8081");
        element.put("priority", 0);
        bulk.add(element);
        List<Object> results = (List<Object>) field1Json(w.call("ROUTE_ADD_BULK|" + sid + "|" + WireJson.write(bulk)));
        assertThat(((Map<String, Object>) results.get(0))).containsEntry("status", "ok").containsKey("route_id");
        w.call("CONFIG_APPLY|" + sid);

        try (PageServer page = PageServer.start()) {
            assertThat(maintenanceEnter(w, sid, "/api", page.uri("/maintenance").toString())).isEqualTo("proxy");
        }
        Map<String, Object> status = (Map<String, Object>) field1Json(w.call("MAINT_STATUS|" + sid));
        assertThat((List<Object>) status.get("in_maintenance")).containsExactly(api);
        assertThat(w.call("MAINT_EXIT|" + sid + "|/api")).isEqualTo("ACK");
        assertThat(w.read()).startsWith("MAINT_OK");

        String drain = w.call("DRAIN_START|" + sid + "|30");
        assertThat(parts(drain)[0]).isEqualTo("DRAIN_OK");
        assertThat(Instant.parse(parts(drain)[1])).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        Map<String, Object> drainStatus = (Map<String, Object>) field1Json(w.call("DRAIN_STATUS|" + sid));
        assertThat(drainStatus).containsEntry("duration_seconds", 30).containsEntry("traffic_percent", 100);
        assertThat(w.call("DRAIN_CANCEL|" + sid)).doesNotStartWith("ERROR");

        List<Object> stats = (List<Object>) field1Json(w.call("STATS_GET|" + sid));
        assertThat(stats).hasSize(3);
        Map<String, Object> backend = (Map<String, Object>) field1Json(w.call("BACKEND_TEST|" + sid + "|%zz"));
        assertThat(backend).containsEntry("reachable", false);
        Map<String, Object> info = (Map<String, Object>) field1Json(w.call("SESSION_INFO|" + sid));
        assertThat(info).containsEntry("routes_active", 3).containsEntry("metadata", null);
        assertThat(w.call("PING|" + sid)).isEqualTo("PONG");

        assertThat(w.call("CLIENT_SHUTDOWN|" + sid)).doesNotStartWith("ERROR");
        assertThat(f.controller.routes()).extracting(r -> r.id()).doesNotContain(api, web);
    }

    @Test
    void reconnectKeepsTheSessionAndARegistrationAfterExpiryReplaysTheConfiguration() throws Exception {
        Wire first = f.connect();
        String sid = init(first);
        String api = addRoute(first, sid, List.of("shop.example.com"), "/api", "http://10.2.2.7:8080", 10);
        first.call("HEALTH_SET|" + sid + "|" + api + "|/api/health|30s|5s");
        first.call("CONFIG_APPLY|" + sid);
        assertThat(maintenanceEnter(first, sid, "ALL", "")).isEqualTo("proxy");
        first.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);

        Wire second = f.connect();
        assertThat(second.call("RECONNECT|" + sid)).isEqualTo("OK");
        assertThat(second.call("PING|" + sid)).isEqualTo("PONG");
        second.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);
        f.clock.advance(RegistryConfig.DEFAULT_GRACE_PERIOD);
        f.registry.sweep();
        assertThat(f.controller.status("*").inMaintenance()).as("never changed by session loss").isTrue();

        Wire third = f.connect();
        assertThat(third.call("RECONNECT|" + sid)).isEqualTo("REREGISTER");
        String reply = third.call("REGISTER|shop|10.2.2.7|8080|null");
        String newSid = parts(reply)[1];
        String newApi = addRoute(third, newSid, List.of("shop.example.com"), "/api", "http://10.2.2.7:8080", 10);
        assertThat(third.call("HEALTH_SET|" + newSid + "|" + newApi + "|/api/health|30s|5s"))
                .as("the replay probes HEALTH_SET on new ids until one is not an ERROR").doesNotStartWith("ERROR");
        assertThat(third.call("OPTIONS_SET|" + newSid + "|ALL|timeout|30")).doesNotStartWith("ERROR");
        assertThat(third.call("CONFIG_APPLY|" + newSid)).doesNotStartWith("ERROR");
        assertThat(maintenanceEnter(third, newSid, "ALL", "")).isEqualTo("proxy");

        assertThat(newApi).isNotEqualTo(api);
        assertThat(f.controller.status(newApi).inMaintenance()).isTrue();
        assertThat(f.controller.exemptPaths()).containsExactly("/api/health");
    }
}
