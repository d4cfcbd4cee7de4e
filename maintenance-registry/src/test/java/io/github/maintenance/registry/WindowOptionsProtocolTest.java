package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-window options (mode, status, redirect, refresh, template, secret, hold) of MAINT_ENTER_EX and MAINT_SCHEDULE_EX. */
class WindowOptionsProtocolTest {

    private RegistryFixture f;
    private Wire w;
    private String sid;

    @BeforeEach
    void start() {
        f = RegistryFixture.start(MaintenanceConfig.custom()
                .route(Route.builder("site").path("/").build())
                .route(Route.builder("admin").path("/admin").build())
                .pageTemplate("upgrade", PageTemplate.of("<p>{{message}}</p>")), b -> b);
        w = f.connect();
        sid = w.register("deploy", "ci-1");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> statusRoute(String id) throws Exception {
        String reply = w.call("MAINT_STATUS|" + sid);
        assertThat(reply).startsWith("MAINT_STATUS_OK|");
        Map<String, Object> m = WireJson.parseObjectOrNull(reply.substring("MAINT_STATUS_OK|".length()));
        for (Object o : (List<Object>) m.get("routes")) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (id.equals(r.get("route_id"))) {
                return r;
            }
        }
        throw new AssertionError("no route " + id + " in " + reply);
    }

    @Test
    void enterExSetsTheModeAndOptionsAndStatusShowsThemWithoutTheSecret() throws Exception {
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"mode\":\"read-only\",\"status\":429,"
                + "\"refresh\":\"30s\",\"template\":\"upgrade\",\"secret\":\"let-me-in-42\",\"hold\":20}")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");

        WindowOptions o = f.controller.status("admin").maintenanceOptions();
        assertThat(o.mode()).isEqualTo(MaintenanceMode.READ_ONLY);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.template()).isEqualTo("upgrade");
        assertThat(o.isBypassSecret("let-me-in-42")).isTrue();
        assertThat(o.hold()).isEqualTo(Duration.ofSeconds(20));

        Map<String, Object> r = statusRoute("admin");
        assertThat(r.get("mode")).isEqualTo("read-only");
        assertThat(castMap(r.get("options"))).containsEntry("status", 429)
                .containsEntry("refresh", "30s").containsEntry("template", "upgrade")
                .containsEntry("secret_set", true).containsEntry("hold", "20s");
        assertThat(r).containsEntry("read_only_rejected", 0).containsEntry("held", 0)
                .containsEntry("hold_released", 0).containsEntry("hold_timed_out", 0);
        assertThat(r).as("in-flight requests are not tracked: no number that could be read as idle")
                .doesNotContainKey("in_flight");
        assertThat(w.call("MAINT_STATUS|" + sid)).doesNotContain("let-me-in-42");

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"mode\":\"hold\",\"redirect\":\"/status\",\"status\":307}"))
                .isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(f.controller.status("admin").maintenanceMode()).as("entering again replaces the options")
                .isEqualTo(MaintenanceMode.HOLD);
        assertThat(statusRoute("admin").get("mode")).isEqualTo("hold");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void aPlainMaintenanceReplyIsUnchanged() throws Exception {
        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");

        assertThat(statusRoute("admin").keySet()).containsExactly("route_id", "since", "page_url", "message", "until",
                "path", "domains", "hits");
    }

    @Test
    void badOptionsAreRefusedAndChangeNothing() {
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"mode\":\"sleepy\"}")).startsWith("ERROR|").contains("mode");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"status\":200}")).startsWith("ERROR|").contains("status");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"status\":\"503\"}")).startsWith("ERROR|").contains("status");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"redirect\":\"//evil\",\"status\":302}")).startsWith("ERROR|");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"hold\":\"10m\"}")).startsWith("ERROR|").contains("hold");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"secret\":\"short\"}")).startsWith("ERROR|");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"template\":\"../x\"}")).startsWith("ERROR|").contains("template");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"template\":\"nope\"}")).startsWith("ERROR|")
                .contains("unknown page template", "[upgrade]");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"refresh\":0}")).startsWith("ERROR|");
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
    }

    @Test
    void scheduleExCarriesTheOptionsAndTheListShowsThem() throws Exception {
        String reply = w.call("MAINT_SCHEDULE_EX|" + sid + "|admin|{\"start\":\"2026-01-01T02:00:00Z\","
                + "\"end\":\"2026-01-01T03:00:00Z\",\"mode\":\"read-only\",\"secret\":\"let-me-in-42\"}");
        assertThat(reply).startsWith("SCHEDULE_OK|sch-");
        assertThat(f.controller.schedules().get(0).options().mode()).isEqualTo(MaintenanceMode.READ_ONLY);

        String list = w.call("MAINT_SCHEDULES|" + sid);
        assertThat(list).contains("\"mode\":\"read-only\"").contains("\"secret_set\":true").doesNotContain("let-me-in-42");
    }

    @Test
    @SuppressWarnings("unchecked")
    void routesShowsTheModeOnlyWhenItIsNotFull() throws Exception {
        w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"mode\":\"read-only\",\"secret\":\"let-me-in-42\"}");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        f.controller.enter("site");

        String reply = w.call("MAINT_ROUTES|" + sid);
        assertThat(reply).startsWith("MAINT_ROUTES_OK|").doesNotContain("let-me-in-42");
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        for (Object o : WireJson.parseArray(reply.substring("MAINT_ROUTES_OK|".length()))) {
            Map<String, Object> r = (Map<String, Object>) o;
            byId.put((String) r.get("route_id"), r);
        }
        assertThat(byId.get("admin")).containsEntry("in_maintenance", true).containsEntry("mode", "read-only");
        assertThat(byId.get("site")).as("full maintenance: the element is as before")
                .containsEntry("in_maintenance", true).doesNotContainKey("mode");
        assertThat(byId.get("*")).containsEntry("in_maintenance", false).doesNotContainKey("mode");

        w.call("MAINT_ENTER_EX|" + sid + "|site|{\"mode\":\"hold\",\"hold\":\"15s\"}");
        assertThat(w.read()).isEqualTo("MAINT_OK|site");
        assertThat(w.call("MAINT_ROUTES|" + sid)).contains("{\"route_id\":\"site\",\"domains\":[],\"path\":\"/\","
                + "\"priority\":0,\"in_maintenance\":true,\"mode\":\"hold\",\"draining\":false}");
    }
}
