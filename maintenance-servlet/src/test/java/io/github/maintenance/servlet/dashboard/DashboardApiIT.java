package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.array;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.list;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.map;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real HTTP: the seed's shapes, the page's state view, history and actions. */
class DashboardApiIT {

    private static final String ACTIONS = "enter, exit, drain, cancel, schedule or unschedule";

    private final MutableClock clock = MutableClock.atDefault();
    private DashboardFixture fx;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void start() throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock), DashboardFixture.tokenSettings().build());
    }

    @Test
    void maintenanceHasTheSeedsFieldsAndOmitsZeroPerRouteFields() throws Exception {
        start();
        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/maintenance");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).isEqualTo("{\"total_in_maintenance\":0,\"total_draining\":0,\"total_maintenance_hits\":0,"
                + "\"total_drain_rejected\":0,\"routes\":[{\"domain\":\"*\",\"path\":\"/\"},"
                + "{\"domain\":\"*\",\"path\":\"/admin\"},{\"domain\":\"api.example.com\",\"path\":\"/api\"}]}");
    }

    @Test
    void maintenanceCountsHitsPagesAndDrainsOfEveryRoute() throws Exception {
        start();
        fx.controller.enter(Target.parse("admin"),
                MaintenanceRequest.builder().pageUrl("http://127.0.0.1:1/down").build(), Cause.api());
        fx.controller.startDrain("api", Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(25));
        assertThat(fx.appStatus("/admin")).isEqualTo(503);
        assertThat(fx.appStatus("/admin/x")).isEqualTo(503);

        Map<String, Object> m = object(fx.getAuthorized("/api/dashboard/maintenance"));

        assertThat(m).containsEntry("total_in_maintenance", 1).containsEntry("total_draining", 1)
                .containsEntry("total_maintenance_hits", 2).containsEntry("total_drain_rejected", 0);
        List<Object> routes = list(m.get("routes"));
        assertThat(routes).hasSize(3);
        assertThat(routes.get(1)).isEqualTo(Map.of("domain", "*", "path", "/admin", "maintenance_hits", 2,
                "maintenance_page_url", "http://127.0.0.1:1/down"));
        assertThat(routes.get(2)).isEqualTo(Map.of("domain", "api.example.com", "path", "/api", "drain_progress", 0.25));
    }

    @Test
    void routesHasOneElementPerRouteAndDomainWithTheSeedsFields() throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock)
                        .route(io.github.maintenance.route.Route.builder("shop").path("/shop")
                                .domains("a.example.com", "b.example.com").build())
                        .circuitBreaker("shop", CircuitBreakerConfig.ofDefaults()),
                DashboardFixture.tokenSettings().build());

        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/routes");

        assertThat(r.statusCode()).isEqualTo(200);
        List<Object> routes = array(r);
        assertThat(routes).hasSize(5);
        assertThat(r.body()).startsWith("[{\"domain\":\"*\",\"path\":\"/\",\"backend\":\"\",\"status\":\"healthy\","
                + "\"requests_24h\":0,\"avg_response_time\":0.0,\"error_rate\":0.0,\"in_maintenance\":false,"
                + "\"maintenance_hits\":0,\"draining\":false,\"drain_progress\":0.0,\"drain_remaining\":0,"
                + "\"drain_rejected\":0}");
        assertThat(map(routes.get(2))).containsEntry("domain", "api.example.com")
                .containsEntry("backend", "http://10.0.0.7:8080");
        assertThat(map(routes.get(3))).containsEntry("domain", "a.example.com").containsEntry("path", "/shop")
                .containsEntry("circuit_state", "closed").doesNotContainKey("circuit_failures");
        assertThat(map(routes.get(4))).containsEntry("domain", "b.example.com").containsEntry("path", "/shop");
    }

    @Test
    void routesShowMaintenanceAndDrainingStatusesWithDrainNumbers() throws Exception {
        start();
        fx.controller.enter(Target.parse("admin"),
                MaintenanceRequest.builder().pageUrl("https://status.example.com/").build(), Cause.api());
        fx.controller.startDrain("ALL", Duration.ofSeconds(10));
        fx.controller.cancelDrain("admin");
        clock.advance(Duration.ofSeconds(4));

        List<Object> routes = array(fx.getAuthorized("/api/dashboard/routes"));

        Map<String, Object> all = map(routes.get(0));
        assertThat(all).containsEntry("status", "draining").containsEntry("draining", true)
                .containsEntry("drain_progress", 0.4).containsEntry("drain_remaining", 6000);
        Map<String, Object> admin = map(routes.get(1));
        assertThat(admin).containsEntry("status", "maintenance").containsEntry("in_maintenance", true)
                .containsEntry("maintenance_page_url", "https://status.example.com/").containsEntry("draining", false);

        clock.advance(Duration.ofSeconds(20));
        Map<String, Object> over = map(array(fx.getAuthorized("/api/dashboard/routes")).get(0));
        assertThat(over).containsEntry("drain_progress", 1.0).containsEntry("drain_remaining", 0);
    }

    @Test
    void aRouteWhoseBreakerIsOpenIsDown() throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock)
                        .circuitBreaker("admin", CircuitBreakerConfig.custom().failureThreshold(2).build()),
                DashboardFixture.tokenSettings().build());
        assertThat(fx.appStatus("/admin/fail")).isEqualTo(500);
        Map<String, Object> closed = map(array(fx.getAuthorized("/api/dashboard/routes")).get(1));
        assertThat(closed).containsEntry("status", "healthy").containsEntry("circuit_state", "closed")
                .containsEntry("circuit_failures", 1);

        assertThat(fx.appStatus("/admin/fail")).isEqualTo(500);
        assertThat(fx.appStatus("/admin")).isEqualTo(503);

        Map<String, Object> open = map(array(fx.getAuthorized("/api/dashboard/routes")).get(1));
        assertThat(open).containsEntry("status", "down").containsEntry("circuit_state", "open")
                .containsEntry("circuit_failures", 2).containsEntry("in_maintenance", false);
        Map<String, Object> circuit = map(map(list(object(fx.getAuthorized("/api/dashboard/state")).get("routes"))
                .get(1)).get("circuit"));
        assertThat(circuit).containsEntry("state", "open").containsEntry("failures", 2)
                .containsEntry("opened_at", "2026-01-01T00:00:00Z").containsEntry("rejected", 1);
    }

    @Test
    void routesReportTheMeasuredTrafficWithDetailedStatistics() throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).detailedStatistics(true),
                DashboardFixture.tokenSettings().build());
        fx.appStatus("/admin");
        fx.appStatus("/admin/a");
        fx.appStatus("/admin/a");
        fx.appStatus("/admin/fail");

        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/routes");
        assertThat(r.headers().firstValue("X-Detailed-Statistics")).isEmpty();
        Map<String, Object> admin = map(array(r).get(1));
        assertThat(admin).containsEntry("path", "/admin").containsEntry("requests_24h", 4)
                .containsEntry("error_rate", 0.25).containsEntry("last_error", "HTTP 500");
        assertThat(((Number) admin.get("avg_response_time")).doubleValue()).isPositive();
        Map<String, Object> site = map(array(r).get(0));
        assertThat(site).containsEntry("requests_24h", 0).doesNotContainKey("last_error");

        Map<String, Object> traffic = map(map(list(object(fx.getAuthorized("/api/dashboard/state")).get("routes"))
                .get(1)).get("traffic"));
        assertThat(traffic).containsEntry("requests", 4).containsEntry("errors", 1).containsEntry("exceptions", 0)
                .containsEntry("status_codes", Map.of("200", 3, "500", 1)).containsEntry("last_error", "HTTP 500")
                .containsEntry("last_error_at", "2026-01-01T00:00:00Z");
        assertThat(((Number) traffic.get("p99_response_time")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) traffic.get("p95_response_time")).doubleValue());
    }

    @Test
    void withoutDetailedStatisticsTheTrafficFieldsAreZeroAndAHeaderSaysWhy() throws Exception {
        start();
        fx.appStatus("/admin");
        fx.appStatus("/admin/fail");

        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/routes");

        assertThat(r.headers().firstValue("X-Detailed-Statistics")).hasValue("off");
        assertThat(map(array(r).get(1))).containsEntry("requests_24h", 0).containsEntry("avg_response_time", 0.0)
                .containsEntry("error_rate", 0.0).doesNotContainKey("last_error");
        assertThat(object(fx.getAuthorized("/api/dashboard/state"))).containsEntry("detailed_statistics", false);
    }

    @Test
    void stateHasRouteIdsDetailsAndTotalsForThePage() throws Exception {
        start();
        fx.controller.enter(Target.parse("admin"), MaintenanceRequest.builder().message("Back at noon")
                .duration(Duration.ofMinutes(30)).build(), Cause.of(Cause.Source.REGISTRY, "s1"));
        fx.controller.startDrain("api", Duration.ofSeconds(60));

        Map<String, Object> s = object(fx.getAuthorized("/api/dashboard/state"));

        assertThat(s).containsEntry("instance", "it").containsEntry("detailed_statistics", false)
                .containsEntry("actions_enabled", true).containsEntry("access", "token")
                .containsEntry("generated_at", "2026-01-01T00:00:00Z");
        assertThat(map(s.get("totals"))).containsEntry("routes", 3).containsEntry("in_maintenance", 1)
                .containsEntry("draining", 1);
        List<Object> routes = list(s.get("routes"));
        Map<String, Object> admin = map(routes.get(1));
        assertThat(admin).containsEntry("id", "admin").containsEntry("status", "maintenance")
                .containsEntry("domains", List.of()).containsEntry("catch_all", false);
        assertThat(map(admin.get("maintenance"))).containsEntry("message", "Back at noon")
                .containsEntry("since", "2026-01-01T00:00:00Z").containsEntry("until", "2026-01-01T00:30:00Z")
                .containsEntry("retry_after_seconds", 300)
                .containsEntry("cause", Map.of("source", "registry", "actor", "s1"));
        Map<String, Object> api = map(routes.get(2));
        assertThat(map(api.get("drain"))).containsEntry("duration_ms", 60000).containsEntry("remaining_ms", 60000)
                .containsEntry("policy", "standard").containsEntry("after", "keep-rejecting");
        assertThat(api.get("maintenance")).isNull();
        assertThat(map(routes.get(0))).containsEntry("id", "*").containsEntry("catch_all", true);
    }

    @Test
    void aRouteInMaintenanceLongerThanStuckAfterIsMarkedStuckWithWhenItBegan() throws Exception {
        start();
        fx.controller.enter("admin");
        clock.advance(Duration.ofHours(24).minusSeconds(1));

        Map<String, Object> s = object(fx.getAuthorized("/api/dashboard/state"));
        assertThat(s).containsEntry("stuck_after_seconds", 86400);
        assertThat(map(map(list(s.get("routes")).get(1)).get("maintenance")))
                .containsEntry("began", "2026-01-01T00:00:00Z").containsEntry("stuck", false);

        clock.advance(Duration.ofSeconds(1));
        // New options do not restart the count: the route is still in maintenance since midnight.
        fx.controller.enter("admin", MaintenanceRequest.builder().message("Still migrating").build());
        s = object(fx.getAuthorized("/api/dashboard/state"));
        Map<String, Object> admin = map(list(s.get("routes")).get(1));
        assertThat(admin).containsEntry("id", "admin");
        assertThat(map(admin.get("maintenance"))).containsEntry("since", "2026-01-02T00:00:00Z")
                .containsEntry("began", "2026-01-01T00:00:00Z").containsEntry("stuck", true);
        assertThat(map(list(s.get("routes")).get(2)).get("maintenance")).isNull();
    }

    @Test
    void historyListsPastAndOpenWindowsAndBucketsThemPerHour() throws Exception {
        start();
        clock.set(java.time.Instant.parse("2026-01-01T10:10:00Z"));
        fx.controller.enter("ALL");
        clock.advance(Duration.ofMinutes(20));
        fx.controller.exit("ALL");
        clock.set(java.time.Instant.parse("2026-01-01T11:50:00Z"));
        fx.controller.enter("admin");
        clock.advance(Duration.ofMinutes(15));

        Map<String, Object> h = object(fx.getAuthorized("/api/dashboard/history?bucket=hour&count=3"));

        assertThat(h).containsEntry("bucket", "hour").containsEntry("zone", "UTC").containsEntry("windows_total", 4);
        assertThat(list(h.get("buckets"))).containsExactly(
                Map.of("start", "2026-01-01T10:00:00Z", "end", "2026-01-01T11:00:00Z", "count", 1, "duration_ms", 1_200_000),
                Map.of("start", "2026-01-01T11:00:00Z", "end", "2026-01-01T12:00:00Z", "count", 1, "duration_ms", 600_000),
                Map.of("start", "2026-01-01T12:00:00Z", "end", "2026-01-01T13:00:00Z", "count", 0, "duration_ms", 300_000));
        Map<String, Object> newest = map(list(h.get("windows")).get(0));
        assertThat(newest).containsEntry("route_id", "admin").containsEntry("ongoing", true)
                .containsEntry("end", null).containsEntry("duration_ms", 900_000)
                .containsEntry("cause", Map.of("source", "api", "actor", ""));
        assertThat(fx.controller.history()).extracting(MaintenanceWindow::routeId)
                .containsExactlyInAnyOrder("*", "admin", "api");
    }

    @Test
    void historyRefusesBadParameters() throws Exception {
        start();
        for (String[] c : new String[][] {
                {"?bucket=week", "invalid value for 'bucket': 'week' (expected hour or day)"},
                {"?count=0", "invalid value for 'count': '0' (expected a whole number from 1 to 744)"},
                {"?bucket=day&count=367", "invalid value for 'count': '367' (expected a whole number from 1 to 366)"},
                {"?zone=Mars/Olympus", "invalid value for 'zone': 'Mars/Olympus' (expected a time zone such as UTC or Europe/Berlin)"},
                {"?limit=-1", "invalid value for 'limit': '-1' (expected a whole number from 0 to 10000)"},
                {"?bucket=hour&bucket=day", "query parameter 'bucket' given 2 times"},
                {"?colour=red", "unknown query parameter(s) [colour]; known are [bucket, count, limit, zone]"}}) {
            HttpResponse<String> r = fx.getAuthorized("/api/dashboard/history" + c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(object(r)).as(c[0]).containsEntry("error", c[1]);
        }
        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/routes?x=1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(object(r)).containsEntry("error", "unknown query parameter(s) [x]; this endpoint takes none");
    }

    @Test
    void enterActionPutsTheRouteIntoMaintenanceWithTheDashboardAsCause() throws Exception {
        start();
        HttpResponse<String> r = fx.action("{\"action\":\"enter\",\"target\":\"/admin\","
                + "\"url\":\"http://127.0.0.1:1/x\",\"message\":\"Back soon\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(object(r)).containsEntry("action", "enter").containsEntry("target", "/admin")
                .containsEntry("route_ids", List.of("admin"));
        assertThat(fx.appStatus("/admin")).isEqualTo(503);
        assertThat(fx.appStatus("/")).isEqualTo(200);
        var state = fx.controller.snapshot().state("admin").maintenance();
        assertThat(state.cause().source()).isEqualTo(Cause.Source.DASHBOARD);
        assertThat(state.cause().actor()).isEqualTo("127.0.0.1");
        assertThat(state.message()).isEqualTo("Back soon");
        assertThat(state.pageUrl()).isEqualTo("http://127.0.0.1:1/x");
    }

    @Test
    void theReasonOfAnActionReachesTheAuditTrailWithTheDashboardAsSource() throws Exception {
        start();
        HttpResponse<String> r = fx.action("{\"action\":\"enter\",\"target\":\"/admin\","
                + "\"reason\":\"ticket OPS-42\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var entry = fx.controller.audit().list().get(0);
        assertThat(entry.action()).isEqualTo("enter");
        assertThat(entry.source()).isEqualTo(Cause.Source.DASHBOARD);
        assertThat(entry.reason()).isEqualTo("ticket OPS-42");
        assertThat(entry.routeIds()).containsExactly("admin");

        HttpResponse<String> bad = fx.action("{\"action\":\"exit\",\"target\":\"/admin\",\"reason\":\"a\\u0007b\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("reason");
        assertThat(fx.appStatus("/admin")).as("a refused reason changes nothing").isEqualTo(503);
        assertThat(fx.controller.audit().list()).hasSize(1);
    }

    @Test
    void exitDrainAndCancelActionsChangeStateAndSayWhichRoutes() throws Exception {
        start();
        fx.controller.enter("admin");

        assertThat(object(fx.action("{\"action\":\"exit\",\"target\":\"admin\"}")))
                .containsEntry("route_ids", List.of("admin"));
        assertThat(fx.appStatus("/admin")).isEqualTo(200);

        HttpResponse<String> drain = fx.action("{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":30}");
        assertThat(drain.statusCode()).isEqualTo(200);
        assertThat(object(drain)).containsEntry("route_ids", List.of("*", "admin", "api"));
        assertThat(fx.controller.status("admin").drainDuration()).isEqualTo(Duration.ofSeconds(30));

        assertThat(object(fx.action("{\"action\":\"cancel\",\"target\":\"ALL\"}")))
                .containsEntry("route_ids", List.of("*", "admin", "api"));
        assertThat(fx.controller.totals().draining()).isZero();
        assertThat(object(fx.action("{\"action\":\"exit\",\"target\":\"admin\"}"))).containsEntry("route_ids", List.of());
    }

    @Test
    void enterWithADurationEndsByItself() throws Exception {
        start();
        assertThat(fx.action("{\"action\":\"enter\",\"target\":\"admin\",\"duration\":\"10m\"}").statusCode())
                .isEqualTo(200);
        assertThat(fx.controller.status("admin").maintenanceUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(fx.action("{\"action\":\"enter\",\"target\":\"api\",\"duration\":90,\"url\":\"\",\"message\":null}")
                .statusCode()).isEqualTo(200);
        assertThat(fx.controller.status("api").maintenanceUntil()).isEqualTo(clock.instant().plusSeconds(90));
        assertThat(fx.controller.status("api").maintenancePageUrl()).isNull();
    }

    @Test
    void badActionsAnswer400WithAClearMessageAndChangeNothing() throws Exception {
        start();
        String[][] cases = {
                {"", "the body is empty; send a JSON object such as {\"action\":\"enter\",\"target\":\"/admin\"}"},
                {" null ", "the body must be a JSON object such as {\"action\":\"enter\",\"target\":\"/admin\"}"},
                {"[1]", "the body must be a JSON object such as {\"action\":\"enter\",\"target\":\"/admin\"}"},
                {"{\"action\":\"enter\"", "invalid JSON body at line 1, column 18: Unexpected end-of-input: expected close marker for Object"},
                {"{\"action\":\"enter\",\"target\":\"ALL\"} {}", "invalid JSON body: unexpected content after the object"},
                {"{\"target\":\"ALL\"}", "missing field 'action' (" + ACTIONS + ")"},
                {"{\"action\":\"reboot\",\"target\":\"ALL\"}", "unknown action 'reboot' (expected " + ACTIONS + ")"},
                {"{\"action\":7}", "unknown action the number 7 (expected " + ACTIONS + ")"},
                {"{\"action\":\"enter\"}", "missing field 'target' (ALL, route ids, a /path or a domain)"},
                {"{\"action\":\"enter\",\"target\":\"\"}", "missing field 'target' (ALL, route ids, a /path or a domain)"},
                {"{\"action\":\"enter\",\"target\":[\"ALL\"]}", "field 'target' must be a string, got an array"},
                {"{\"action\":\"enter\",\"target\":\"nope\"}", "route not found: nope"},
                {"{\"action\":\"enter\",\"target\":\"admin,,api\"}", "invalid target 'admin,,api': empty item"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"url\":\"ftp://x.example.com/\"}",
                        "invalid maintenance page url 'ftp://x.example.com/': only absolute http and https URLs are allowed"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"url\":5}", "field 'url' must be a string, got the number 5"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"duration\":\"soon\"}",
                        "field 'duration': invalid duration 'soon': expected a number at position 0"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"duration\":0}", "field 'duration' must be at least 1 second, got 0"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"duration\":true}",
                        "field 'duration' must be a duration such as \"30m\" or a whole number of seconds, got true"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"message\":\"" + "x".repeat(2001) + "\"}",
                        "invalid value for 'message': '" + "x".repeat(200) + "...' (longer than 2000 characters)"},
                {"{\"action\":\"enter\",\"target\":\"ALL\",\"seconds\":5}",
                        "unknown field(s) [seconds] for action 'enter' (allowed: [action, duration, hold, message, mode, reason, redirect, refresh, retryAfter, secret, status, target, template, until, url])"},
                {"{\"action\":\"exit\",\"target\":\"ALL\",\"url\":\"http://x/\"}",
                        "unknown field(s) [url] for action 'exit' (allowed: [action, reason, target])"},
                {"{\"action\":\"drain\",\"target\":\"ALL\"}", "missing field 'seconds' (the drain period, 1 to 86400)"},
                {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":0}", "field 'seconds' must be from 1 to 86400, got 0"},
                {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":86401}", "field 'seconds' must be from 1 to 86400, got 86401"},
                {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":99999999999999999999999}",
                        "field 'seconds' must be from 1 to 86400, got 99999999999999999999999"},
                {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":1.5}",
                        "field 'seconds' must be a whole number from 1 to 86400, got the number 1.5"},
                {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":\"30\"}",
                        "field 'seconds' must be a whole number from 1 to 86400, got '30'"},
                {"{\"action\":\"cancel\",\"target\":\"ALL\",\"action\":\"exit\"}",
                        "invalid JSON body at line 1, column 44: Duplicate key (key 'action')"}};
        for (String[] c : cases) {
            HttpResponse<String> r = fx.action(c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(object(r)).as(c[0]).containsEntry("error", c[1]);
        }
        assertThat(fx.controller.totals().inMaintenance()).isZero();
        assertThat(fx.controller.totals().draining()).isZero();
        assertThat(fx.controller.routes()).hasSize(3);
        assertThat(fx.controller.snapshot().version()).isZero();
    }

    @Test
    void actionsNeedTheJsonContentTypeABoundedBodyAndNoQuery() throws Exception {
        start();
        String auth = "Bearer " + TOKEN;
        HttpResponse<String> form = fx.post("/api/dashboard/actions", "action=enter&target=ALL",
                "Authorization", auth, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(object(form)).containsEntry("error",
                "expected Content-Type: application/json, got 'application/x-www-form-urlencoded'");

        HttpResponse<String> big = fx.post("/api/dashboard/actions",
                "{\"action\":\"enter\",\"target\":\"ALL\",\"message\":\"" + "x".repeat(20_000) + "\"}",
                "Authorization", auth, "Content-Type", "application/json; charset=utf-8");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(object(big)).containsEntry("error", "the body is larger than 16384 bytes");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", fx.server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /maintenance-admin/api/dashboard/actions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + auth + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String huge = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(huge).as("answered at once, without reading 50 MB, and closed").startsWith("HTTP/1.1 413 ")
                    .contains("\r\nConnection: close\r\n").endsWith("{\"error\":\"the body is larger than 16384 bytes\"}");
        }

        HttpResponse<String> query = fx.post("/api/dashboard/actions?action=enter", "{}",
                "Authorization", auth, "Content-Type", "application/json");
        assertThat(query.statusCode()).isEqualTo(400);
        assertThat(object(query)).containsEntry("error", "the actions endpoint takes a JSON body, not query parameters");
        assertThat(fx.controller.totals().inMaintenance()).isZero();
    }

    @Test
    void wrongMethodsAndUnknownPathsAnswer405And404() throws Exception {
        start();
        HttpResponse<String> get = fx.getAuthorized("/api/dashboard/actions");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(object(get)).containsEntry("error", "/maintenance-admin/api/dashboard/actions takes POST, not GET");

        HttpResponse<String> post = fx.post("/api/dashboard/routes", "{}", "Authorization", "Bearer " + TOKEN);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        HttpResponse<String> unknown = fx.getAuthorized("/api/dashboard/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(object(unknown)).containsEntry("error", "unknown endpoint /api/dashboard/nothing (expected "
                + "maintenance, routes, state, schedules, history, audit, cluster, events or actions under /api/dashboard/)");
        assertThat(fx.getAuthorized("/favicon.ico").statusCode()).isEqualTo(404);
    }

    @Test
    void headAnswersHeadersWithoutABody() throws Exception {
        start();
        HttpResponse<String> r = Http.send(Http.request(fx.dashboard("/api/dashboard/routes"),
                "Authorization", "Bearer " + TOKEN).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow()))
                .isEqualTo(fx.getAuthorized("/api/dashboard/routes").body().length());
    }

    @Test
    void schedulesIsAnEmptyArrayWithoutWindowsAndListsEachWindowWithItsFields() throws Exception {
        start();
        HttpResponse<String> none = fx.getAuthorized("/api/dashboard/schedules");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(none.body()).isEqualTo("[]");
        assertThat(object(fx.getAuthorized("/api/dashboard/state"))).containsEntry("schedules", List.of());

        Instant start = clock.instant().plus(Duration.ofHours(2));
        ScheduledWindow later = fx.controller.schedule(Target.parse("/admin"), start.plus(Duration.ofDays(1)),
                start.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)), MaintenanceRequest.defaults(), Cause.api());
        ScheduledWindow first = fx.controller.schedule(Target.parse("api"), start, start.plus(Duration.ofHours(1)),
                MaintenanceRequest.builder().pageUrl("https://status.example.com/").message("Upgrade").build(),
                Cause.of(Cause.Source.REGISTRY, "s1"));

        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/schedules");

        assertThat(r.body()).startsWith("[{\"id\":\"" + first.id() + "\",\"target\":\"api\","
                + "\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\",\"started\":false,"
                + "\"page_url\":\"https://status.example.com/\",\"message\":\"Upgrade\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"cause\":{\"source\":\"registry\",\"actor\":\"s1\"}}");
        List<Object> windows = array(r);
        assertThat(windows).hasSize(2);
        assertThat(map(windows.get(1))).containsEntry("id", later.id()).containsEntry("target", "/admin")
                .containsEntry("start", "2026-01-02T02:00:00Z").containsEntry("end", "2026-01-02T02:30:00Z")
                .containsEntry("page_url", null).containsEntry("message", null)
                .containsEntry("cause", Map.of("source", "api", "actor", ""));
        assertThat(r.headers().firstValue("X-Detailed-Statistics")).isEmpty();
        assertThat(object(fx.getAuthorized("/api/dashboard/state")).get("schedules")).isEqualTo(windows);
    }

    @Test
    void scheduleActionAnnouncesAWindowThatStartsAndUnscheduleEndsIt() throws Exception {
        start();
        HttpResponse<String> r = fx.action("{\"action\":\"schedule\",\"target\":\"/admin\","
                + "\"start\":\"2026-01-01T01:10:00+01:00\",\"end\":\"2026-01-01T01:30:00Z\","
                + "\"url\":\"\",\"message\":\" Database upgrade \"}");

        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> answer = object(r);
        assertThat(answer).containsEntry("action", "schedule").containsEntry("version", 1);
        Map<String, Object> window = map(answer.get("schedule"));
        String id = (String) window.get("id");
        assertThat(window).containsEntry("target", "/admin").containsEntry("start", "2026-01-01T00:10:00Z")
                .containsEntry("end", "2026-01-01T01:30:00Z").containsEntry("started", false)
                .containsEntry("page_url", null).containsEntry("message", "Database upgrade")
                .containsEntry("cause", Map.of("source", "dashboard", "actor", "127.0.0.1"));
        assertThat(fx.controller.schedules()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(id);
            assertThat(w.cause().source()).isEqualTo(Cause.Source.DASHBOARD);
        });
        assertThat(list(object(fx.getAuthorized("/api/dashboard/state")).get("schedules"))).containsExactly(window);

        clock.advance(Duration.ofMinutes(10));
        fx.controller.tick();
        assertThat(fx.appStatus("/admin")).isEqualTo(503);
        assertThat(map(array(fx.getAuthorized("/api/dashboard/schedules")).get(0))).containsEntry("started", true);

        HttpResponse<String> cancel = fx.action("{\"action\":\"unschedule\",\"id\":\"" + id + "\"}");
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(object(cancel)).containsEntry("action", "unschedule");
        assertThat(map(object(cancel).get("schedule"))).containsEntry("id", id).containsEntry("started", true);
        assertThat(fx.controller.schedules()).isEmpty();
        assertThat(fx.appStatus("/admin")).isEqualTo(200);
        assertThat(fx.getAuthorized("/api/dashboard/schedules").body()).isEqualTo("[]");
    }

    @Test
    void aWindowWhoseStartHasComeStartsAtOnce() throws Exception {
        start();
        HttpResponse<String> r = fx.action("{\"action\":\"schedule\",\"target\":\"ALL\","
                + "\"start\":\"2025-12-31T23:00:00Z\",\"end\":\"2026-01-01T00:05:00Z\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(map(object(r).get("schedule"))).containsEntry("started", true).containsEntry("target", "ALL");
        assertThat(fx.appStatus("/")).isEqualTo(503);
        assertThat(fx.controller.status("admin").maintenanceUntil()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
    }

    @Test
    void aWindowStillAheadIsAnnouncedOnItsRoutesUntilItIsUnscheduled() throws Exception {
        start();
        HttpResponse<String> r = fx.action("{\"action\":\"schedule\",\"target\":\"admin\","
                + "\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00.250Z\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String id = (String) map(object(r).get("schedule")).get("id");

        HttpResponse<String> admin = Http.send(Http.request(fx.uri("/admin")).GET());
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("X-Maintenance-Scheduled"))
                .hasValue("2026-01-01T02:00:00Z/2026-01-01T03:00:00.250Z");
        fx.controller.tick();
        assertThat(fx.appStatus("/admin")).as("not started before its time").isEqualTo(200);

        assertThat(fx.action("{\"action\":\"unschedule\",\"id\":\" " + id + " \"}").statusCode()).isEqualTo(200);
        assertThat(Http.send(Http.request(fx.uri("/admin")).GET()).headers()
                .firstValue("X-Maintenance-Scheduled")).isEmpty();
        clock.advance(Duration.ofHours(2));
        fx.controller.tick();
        assertThat(fx.appStatus("/admin")).isEqualTo(200);
    }

    @Test
    void badScheduleAndUnscheduleActionsAnswer400WithAClearMessageAndChangeNothing() throws Exception {
        start();
        String ok = "\"target\":\"admin\",\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"";
        String[][] cases = {
                {"{\"action\":\"schedule\",\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"}",
                        "missing field 'target' (ALL, route ids, a /path or a domain)"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"end\":\"2026-01-01T03:00:00Z\"}",
                        "missing field 'start' (an ISO-8601 time with an offset such as 2027-01-10T02:00:00Z)"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T02:00:00Z\"}",
                        "missing field 'end' (an ISO-8601 time with an offset such as 2027-01-10T02:00:00Z)"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\" \",\"end\":\"2026-01-01T03:00:00Z\"}",
                        "missing field 'start' (an ISO-8601 time with an offset such as 2027-01-10T02:00:00Z)"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T02:00\",\"end\":\"2026-01-01T03:00:00Z\"}",
                        "field 'start' must be an ISO-8601 time with an offset such as 2027-01-10T02:00:00Z or "
                                + "2027-01-10T03:00:00+01:00, got '2026-01-01T02:00'"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"tomorrow\"}",
                        "field 'end' must be an ISO-8601 time with an offset such as 2027-01-10T02:00:00Z or "
                                + "2027-01-10T03:00:00+01:00, got 'tomorrow'"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":1767232800,\"end\":\"2026-01-01T03:00:00Z\"}",
                        "field 'start' must be a string, got the number 1767232800"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-02-30T02:00:00Z\",\"end\":\"2026-03-01T03:00:00Z\"}",
                        "field 'start' must be an ISO-8601 time with an offset such as 2027-01-10T02:00:00Z or "
                                + "2027-01-10T03:00:00+01:00, got '2026-02-30T02:00:00Z'"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"+10000-01-01T00:00:00Z\"}",
                        "field 'end' must be between the years 1970 and 9999, got '+10000-01-01T00:00:00Z'"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T03:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"}",
                        "field 'end' (2026-01-01T03:00:00Z) must be after field 'start' (2026-01-01T03:00:00Z)"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T03:00:00Z\",\"end\":\"2026-01-01T03:00:00+01:00\"}",
                        "field 'end' (2026-01-01T02:00:00Z) must be after field 'start' (2026-01-01T03:00:00Z)"},
                {"{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2025-12-31T22:00:00Z\",\"end\":\"2025-12-31T23:00:00Z\"}",
                        "invalid time for 'end': '2025-12-31T23:00:00Z' (must be in the future)"},
                {"{\"action\":\"schedule\"," + ok + ",\"duration\":\"30m\"}",
                        "unknown field(s) [duration] for action 'schedule' (allowed: [action, end, hold, message, mode, reason, redirect, refresh, retryAfter, secret, start, status, target, template, url])"},
                {"{\"action\":\"schedule\"," + ok + ",\"id\":\"x\",\"retry\":1}",
                        "unknown field(s) [id, retry] for action 'schedule' (allowed: [action, end, hold, message, mode, reason, redirect, refresh, retryAfter, secret, start, status, target, template, url])"},
                {"{\"action\":\"schedule\"," + ok + ",\"url\":\"javascript:alert(1)\"}",
                        "invalid maintenance page url 'javascript:alert(1)': only absolute http and https URLs are allowed"},
                {"{\"action\":\"schedule\"," + ok + ",\"message\":[\"x\"]}", "field 'message' must be a string, got an array"},
                {"{\"action\":\"schedule\"," + ok + ",\"message\":\"" + "m".repeat(2001) + "\"}",
                        "invalid value for 'message': '" + "m".repeat(200) + "...' (longer than 2000 characters)"},
                {"{\"action\":\"schedule\",\"target\":\"nope\",\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"}",
                        "route not found: nope"},
                {"{\"action\":\"unschedule\"}",
                        "missing field 'id' (the scheduled window's id, as listed by GET …/api/dashboard/schedules)"},
                {"{\"action\":\"unschedule\",\"id\":\"\"}",
                        "missing field 'id' (the scheduled window's id, as listed by GET …/api/dashboard/schedules)"},
                {"{\"action\":\"unschedule\",\"id\":42}", "field 'id' must be a string, got the number 42"},
                {"{\"action\":\"unschedule\",\"id\":\"sch-000000000000\"}", "schedule not found: sch-000000000000"},
                {"{\"action\":\"unschedule\",\"id\":\"sch\\u0000-1\\n\"}", "schedule not found: sch?-1"},
                {"{\"action\":\"unschedule\",\"id\":\"sch-1\",\"target\":\"ALL\"}",
                        "unknown field(s) [target] for action 'unschedule' (allowed: [action, id, reason])"}};
        for (String[] c : cases) {
            HttpResponse<String> r = fx.action(c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(object(r)).as(c[0]).containsEntry("error", c[1]);
        }
        assertThat(fx.controller.schedules()).isEmpty();
        assertThat(fx.controller.routes()).hasSize(3);
        assertThat(fx.controller.snapshot().version()).isZero();
    }

    @Test
    void stateShowsTheStateStoresHealth() throws Exception {
        start();

        Map<String, Object> store = map(object(fx.getAuthorized("/api/dashboard/state")).get("store"));

        assertThat(store).containsOnlyKeys("name", "available", "detail", "since", "damaged", "damage")
                .containsEntry("name", "InMemoryStateStore").containsEntry("available", true)
                .containsEntry("detail", "ok").containsEntry("since", null).containsEntry("damaged", false)
                .containsEntry("damage", null);
    }

    @Test
    void aDamagedStateFileShowsAsAnUnavailableStoreUntilAChangeIsSavedAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.properties");
        Files.writeString(file, "not a state file\n");
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).stateStore(FileStateStore.builder(file).clock(clock).build()),
                DashboardFixture.tokenSettings().build());

        Map<String, Object> down = map(object(fx.getAuthorized("/api/dashboard/state")).get("store"));

        assertThat(down).containsEntry("name", "file " + file.toRealPath()).containsEntry("available", false)
                .containsEntry("since", "2026-01-01T00:00:00Z");
        assertThat((String) down.get("detail")).startsWith("the state file " + file.toRealPath() + " is damaged: ");
        assertThat(down).containsEntry("damaged", true).containsEntry("damage", down.get("detail"));
        assertThat(fx.appStatus("/admin")).as("the instance serves its last known state").isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        assertThat(fx.action("{\"action\":\"enter\",\"target\":\"admin\"}").statusCode()).isEqualTo(200);

        assertThat(map(object(fx.getAuthorized("/api/dashboard/state")).get("store"))).containsEntry("available", true)
                .containsEntry("detail", "ok").containsEntry("since", "2026-01-01T00:01:00Z")
                .containsEntry("damaged", false).containsEntry("damage", null);
    }

    @Test
    void routesIsAnEmptyArrayAndNeverNullWhenThereAreNoRoutes() {
        assertThat(DashboardServlet.json(DashboardJson.maintenance(List.of()))).isEqualTo(
                "{\"total_in_maintenance\":0,\"total_draining\":0,\"total_maintenance_hits\":0,"
                        + "\"total_drain_rejected\":0,\"routes\":[]}");
        assertThat(DashboardServlet.json(DashboardJson.routes(List.of(), s -> DashboardJson.Traffic.NONE))).isEqualTo("[]");
    }

    @Test
    void enterActionSetsAModeAndWindowOptionsAndTheStateShowsThemWithoutTheSecret() throws Exception {
        start();
        HttpResponse<String> r = fx.action("{\"action\":\"enter\",\"target\":\"/admin\",\"mode\":\"read-only\","
                + "\"status\":429,\"refresh\":\"30s\",\"secret\":\"let-me-in-42\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("let-me-in-42");
        assertThat(fx.appStatus("/admin")).as("read-only: a GET passes").isEqualTo(200);
        assertThat(Http.post(fx.uri("/admin"), "x").statusCode()).as("a write gets the window's status").isEqualTo(429);

        HttpResponse<String> state = fx.getAuthorized("/api/dashboard/state");
        assertThat(state.body()).doesNotContain("let-me-in-42");
        Map<String, Object> admin = map(list(object(state).get("routes")).stream()
                .filter(o -> "admin".equals(map(o).get("id"))).findFirst().orElseThrow());
        Map<String, Object> m = map(admin.get("maintenance"));
        assertThat(m).containsEntry("mode", "read-only").containsEntry("read_only_rejected", 1);
        assertThat(map(m.get("options"))).containsEntry("status", 429).containsEntry("refresh_seconds", 30)
                .containsEntry("secret_set", true);

        assertThat(fx.action("{\"action\":\"enter\",\"target\":\"admin\",\"mode\":\"hold\",\"hold\":\"15s\"}")
                .statusCode()).isEqualTo(200);
        assertThat(fx.controller.status("admin").maintenanceOptions().hold()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fx.controller.status("admin").maintenanceOptions().bypassSecretHash()).isNull();
    }

    @Test
    void badWindowOptionsAnswer400WithTheSharedMessageAndChangeNothing() throws Exception {
        start();
        fx.controller.enter("admin");
        long version = fx.controller.snapshot().version();
        for (String[] c : new String[][] {
                {"\"mode\":\"sleepy\"", "sleepy"},
                {"\"status\":200", "status"},
                {"\"mode\":\"hold\",\"hold\":\"10m\"", "hold"},
                {"\"secret\":\"short\"", "secret"}}) {
            HttpResponse<String> r = fx.action("{\"action\":\"enter\",\"target\":\"admin\"," + c[0] + "}");
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat((String) object(r).get("error")).as(c[0]).contains(c[1]).doesNotContain("short\"");
        }
        assertThat(fx.controller.snapshot().version()).isEqualTo(version);
        assertThat(fx.controller.status("admin").maintenanceMode()).isEqualTo(io.github.maintenance.state.MaintenanceMode.FULL);
    }
}
