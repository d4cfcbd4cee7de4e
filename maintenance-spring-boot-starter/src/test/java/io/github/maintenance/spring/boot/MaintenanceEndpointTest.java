package io.github.maintenance.spring.boot;

import static io.github.maintenance.spring.boot.testing.Json.list;
import static io.github.maintenance.spring.boot.testing.Json.map;
import static io.github.maintenance.spring.boot.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;
import io.github.maintenance.state.MaintenanceMode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Actuator endpoint {@code maintenance} over real HTTP: the dashboard's state and actions. */
@Timeout(60)
class MaintenanceEndpointTest {

    private static final String TOKEN = "dashboard-token-0123456789";
    private static final String[] DASHBOARD = {
        "maintenance.dashboard.enabled=true", "maintenance.dashboard.tokens=" + TOKEN};

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class, TestWebApp.ACTUATOR);

    @Test
    void enterAllBlocksTheApplicationButNotTheActuatorAndExitBringsItBack() {
        BootApp app = apps.start();
        List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
        app.bean(MaintenanceController.class).addListener(events::add);
        assertThat(app.get("/hello").statusCode()).isEqualTo(200);

        HttpResponse<String> entered = app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\","
                + "\"message\":\"Back at noon\",\"duration\":\"30m\"}");

        assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);
        Map<String, Object> answer = object(entered.body());
        assertThat(answer.get("action")).isEqualTo("enter");
        assertThat(answer.get("target")).isEqualTo("ALL");
        assertThat(list(answer.get("route_ids"))).contains("*");
        assertThat(answer).containsKey("version").doesNotContainKey("store_saved");
        HttpResponse<String> blocked = app.get("/hello");
        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(blocked.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(app.get("/actuator/maintenance").statusCode()).isEqualTo(200);
        assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.cause()).isEqualTo(Cause.api("actuator")));

        HttpResponse<String> exited = app.postJson("/actuator/maintenance", "{\"action\":\"exit\",\"target\":\"ALL\"}");

        assertThat(exited.statusCode()).as(exited.body()).isEqualTo(200);
        assertThat(object(exited.body()).get("action")).isEqualTo("exit");
        assertThat(app.get("/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void getListsTheRoutesAsTheDashboardsStateDocument() {
        BootApp app = apps.start("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin");
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"admin\",\"message\":\"Soon\"}");

        HttpResponse<String> r = app.get("/actuator/maintenance");

        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> state = object(r.body());
        assertThat(state).containsKeys("generated_at", "version", "instance", "store", "totals", "routes", "schedules");
        assertThat(state.get("actions_enabled")).isEqualTo(true);
        List<Object> routes = list(state.get("routes"));
        assertThat(routes).extracting(x -> map(x).get("id")).containsExactly("*", "admin");
        Map<String, Object> admin = map(routes.get(1));
        assertThat(admin.get("status")).isEqualTo("maintenance");
        assertThat(map(admin.get("maintenance")).get("message")).isEqualTo("Soon");
        assertThat(map(map(admin.get("maintenance")).get("cause"))).containsEntry("source", "api")
                .containsEntry("actor", "actuator");
        assertThat(map(routes.get(0)).get("status")).isEqualTo("healthy");
    }

    @Test
    void getCarriesTheClusterViewWhenTheStoreKeepsClusterReports() {
        BootApp app = apps.start("maintenance.instance-name=boot-1", "maintenance.cluster.heartbeat=2s");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}");

        Map<String, Object> state = object(app.get("/actuator/maintenance").body());

        assertThat(controller.config().clusterHeartbeat()).isEqualTo(Duration.ofSeconds(2));
        Map<String, Object> cluster = map(state.get("cluster"));
        assertThat(cluster).containsKeys("read_at", "cluster_totals", "local_totals").containsEntry("self", "boot-1")
                .containsEntry("cluster_version", ((Number) state.get("version")).intValue());
        assertThat(list(cluster.get("instances"))).singleElement().satisfies(i -> assertThat(map(i))
                .containsEntry("instance", "boot-1").containsEntry("self", true).containsEntry("lagging", false)
                .containsEntry("store_available", true));
        assertThat(map(cluster.get("local_totals"))).containsEntry("in_maintenance", 1);
    }

    @Test
    void getHasNoClusterWhenTheStoreKeepsNoClusterReports(@TempDir Path dir) {
        BootApp app = apps.start("maintenance.store.type=file", "maintenance.store.file.path=" + dir.resolve("state"));

        Map<String, Object> state = object(app.get("/actuator/maintenance").body());

        assertThat(state).containsKeys("version", "routes").doesNotContainKey("cluster");
    }

    @Test
    void theReasonOfAnActionReachesTheAuditTrail() {
        BootApp app = apps.start();
        MaintenanceController controller = app.bean(MaintenanceController.class);

        HttpResponse<String> entered = app.postJson("/actuator/maintenance",
                "{\"action\":\"enter\",\"target\":\"ALL\",\"reason\":\"database upgrade\"}");

        assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);
        var entry = controller.audit().list().get(0);
        assertThat(entry.action()).isEqualTo("enter");
        assertThat(entry.actor()).startsWith("actuator");
        assertThat(entry.reason()).isEqualTo("database upgrade");
    }

    @Test
    void enterTakesTheModeAndWindowOptionsAndRefusesBadOnes() {
        BootApp app = apps.start("maintenance.page.templates.upgrade=classpath:pages/upgrade.html");
        MaintenanceController controller = app.bean(MaintenanceController.class);

        HttpResponse<String> entered = app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\","
                + "\"mode\":\"read-only\",\"status\":429,\"refresh\":\"30s\",\"template\":\"upgrade\","
                + "\"secret\":\"let-me-in-42\",\"hold\":\"20s\"}");

        assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);
        WindowOptions o = controller.snapshot().state("*").maintenance().options();
        assertThat(o.mode()).isEqualTo(MaintenanceMode.READ_ONLY);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.template()).isEqualTo("upgrade");
        assertThat(o.isBypassSecret("let-me-in-42")).isTrue();
        assertThat(o.hold()).isEqualTo(Duration.ofSeconds(20));
        String state = app.get("/actuator/maintenance").body();
        assertThat(state).doesNotContain("let-me-in-42").contains("\"mode\":\"read-only\"")
                .contains("\"secret_set\":true").contains("\"read_only_rejected\":0");

        long version = controller.snapshot().version();
        HttpResponse<String> bad = app.postJson("/actuator/maintenance",
                "{\"action\":\"enter\",\"target\":\"ALL\",\"mode\":\"sleepy\"}");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("mode");
        assertThat(controller.snapshot().version()).isEqualTo(version);

        HttpResponse<String> unknown = app.postJson("/actuator/maintenance",
                "{\"action\":\"enter\",\"target\":\"ALL\",\"template\":\"brand\"}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown page template", "[upgrade]");
        assertThat(controller.snapshot().version()).isEqualTo(version);
    }

    @Test
    void namedTemplatesComeFromTheTemplatesPropertyAndAnEntryRendersWithIts() {
        BootApp app = apps.start("maintenance.page.templates.upgrade=classpath:pages/upgrade.html");
        assertThat(app.bean(MaintenanceController.class).config().pageTemplates()).containsOnlyKeys("upgrade");

        assertThat(app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\","
                + "\"template\":\"upgrade\",\"refresh\":\"9s\",\"message\":\"New shelves\"}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> page = app.get("/hello", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Refresh")).hasValue("9");
        assertThat(page.body()).contains("<h1>Upgrading</h1>", "<p>New shelves</p>",
                "<meta http-equiv=\"refresh\" content=\"9\">");
    }

    @Test
    void badInputIsA400WithTheDashboardsMessageAndChangesNothing() {
        BootApp app = apps.start();
        MaintenanceController controller = app.bean(MaintenanceController.class);
        String[][] cases = {
            {"{\"action\":\"pause\",\"target\":\"ALL\"}", "unknown action 'pause'"},
            {"{\"target\":\"ALL\"}", "missing field 'action'"},
            {"{\"action\":\"enter\"}", "missing field 'target'"},
            {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":\"30s\"}", "field 'seconds' must be a whole number"},
            {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":-5}", "field 'seconds' must be a whole number"},
            {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":86401}", "field 'seconds' must be from 1 to 86400"},
            {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":0}", "field 'seconds' must be from 1 to 86400"},
            {"{\"action\":\"enter\",\"target\":\"ALL\",\"seconds\":30}", "unknown field(s) [seconds]"},
            {"{\"action\":\"enter\",\"target\":\"no-such-route\"}", "no-such-route"},
            {"{\"action\":\"enter\",\"target\":\"ALL\",\"duration\":\"soon\"}", "soon"},
        };
        for (String[] c : cases) {
            long version = controller.snapshot().version();

            HttpResponse<String> r = app.postJson("/actuator/maintenance", c[0]);

            assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
            Map<String, Object> body = object(r.body());
            assertThat((String) body.get("error")).as(c[0]).contains(c[1]);
            assertThat(body).containsKey("kind");
            assertThat(controller.snapshot().version()).as(c[0]).isEqualTo(version);
            assertThat(app.get("/hello").statusCode()).as(c[0]).isEqualTo(200);
        }
    }

    @Test
    void drainTakesWholeSecondsAsANumber() {
        BootApp app = apps.start();

        HttpResponse<String> r = app.postJson("/actuator/maintenance",
                "{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":120}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(object(r.body()).get("action")).isEqualTo("drain");
        Map<String, Object> all = map(list(object(app.get("/actuator/maintenance").body()).get("routes")).get(0));
        assertThat(map(all.get("drain")).get("duration_ms")).isEqualTo(120_000);
        assertThat(app.postJson("/actuator/maintenance", "{\"action\":\"cancel\",\"target\":\"ALL\"}").statusCode())
                .isEqualTo(200);
        assertThat(map(list(object(app.get("/actuator/maintenance").body()).get("routes")).get(0)).get("drain")).isNull();
    }

    @Test
    void secondsAsTextIsRefusedByTheDashboardAndTakenByTheActuatorWhichOnlySeesText() {
        BootApp app = apps.start(DASHBOARD);
        MaintenanceController controller = app.bean(MaintenanceController.class);
        String asText = "{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":\"120\"}";
        String asNumber = "{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":120}";
        long version = controller.snapshot().version();

        HttpResponse<String> dashboard = dashboardAction(app, asText);

        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(400);
        assertThat((String) object(dashboard.body()).get("error")).contains("field 'seconds' must be a whole number");
        assertThat(controller.snapshot().version()).isEqualTo(version);

        // Boot reads the Actuator's body as a map of strings: "120" and 120 reach the endpoint alike.
        HttpResponse<String> actuator = app.postJson("/actuator/maintenance", asText);

        assertThat(actuator.statusCode()).as(actuator.body()).isEqualTo(200);
        assertThat(controller.snapshot().state("*").draining()).isTrue();
        assertThat(app.postJson("/actuator/maintenance", "{\"action\":\"cancel\",\"target\":\"ALL\"}").statusCode())
                .isEqualTo(200);

        // As a JSON number both take it and answer alike.
        HttpResponse<String> byDashboard = dashboardAction(app, asNumber);
        assertThat(byDashboard.statusCode()).as(byDashboard.body()).isEqualTo(200);
        assertThat(dashboardAction(app, "{\"action\":\"cancel\",\"target\":\"ALL\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> byActuator = app.postJson("/actuator/maintenance", asNumber);
        assertThat(byActuator.statusCode()).as(byActuator.body()).isEqualTo(200);
        assertThat(object(byActuator.body()).keySet()).isEqualTo(object(byDashboard.body()).keySet());
        assertThat(object(byActuator.body()).get("route_ids")).isEqualTo(object(byDashboard.body()).get("route_ids"));
        assertThat(controller.snapshot().state("*").draining()).isTrue();
    }

    @Test
    void aFieldTheEndpointDoesNotNameIsIgnoredWhereTheDashboardRefusesIt() {
        BootApp app = apps.start(DASHBOARD);
        MaintenanceController controller = app.bean(MaintenanceController.class);
        String body = "{\"action\":\"enter\",\"target\":\"ALL\",\"colour\":\"red\"}";
        long version = controller.snapshot().version();

        HttpResponse<String> dashboard = dashboardAction(app, body);

        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(400);
        assertThat((String) object(dashboard.body()).get("error")).contains("unknown field(s) [colour]");
        assertThat(controller.snapshot().version()).isEqualTo(version);

        // A JSON object as a value cannot become text: Boot refuses the body with its own 400.
        HttpResponse<String> object = app.postJson("/actuator/maintenance",
                "{\"action\":\"enter\",\"target\":\"ALL\",\"message\":{\"a\":1}}");
        assertThat(object.statusCode()).as(object.body()).isEqualTo(400);
        assertThat(object.body()).doesNotContain("\"kind\"");
        assertThat(controller.snapshot().version()).isEqualTo(version);

        // The Actuator binds the operation's parameters only: "colour" never reaches the endpoint.
        HttpResponse<String> actuator = app.postJson("/actuator/maintenance", body);

        assertThat(actuator.statusCode()).as(actuator.body()).isEqualTo(200);
        assertThat(controller.snapshot().state("*").inMaintenance()).isTrue();
    }

    private static HttpResponse<String> dashboardAction(BootApp app, String json) {
        return app.postJson("/maintenance/api/dashboard/actions", json, "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void theEndpointIsOnlyThereWhenExposed() {
        BootApp app = apps.start("management.endpoints.web.exposure.include=health");

        assertThat(app.get("/actuator/maintenance").statusCode()).isEqualTo(404);
        assertThat(app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}").statusCode())
                .isEqualTo(404);
        assertThat(app.get("/hello").statusCode()).isEqualTo(200);
    }
}
