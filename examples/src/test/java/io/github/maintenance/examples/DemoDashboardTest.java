package io.github.maintenance.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** The demo's dashboard on /maintenance-admin, protected by --token or by a token generated at start. */
class DemoDashboardTest {

    @Test
    void theDashboardTakesTheTokenGivenWithToken() throws Exception {
        try (DemoApp app = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, "demo-token-0123456789"))) {
            assertThat(app.dashboardToken()).isEqualTo("demo-token-0123456789");

            HttpResponse<String> page = Http.get(app.uri("/maintenance-admin/"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Maintenance demo</title>");
            assertThat(Http.get(app.uri("/maintenance-admin/api/dashboard/maintenance")).statusCode()).isEqualTo(401);
            assertThat(Http.get(app.uri("/maintenance-admin/api/dashboard/maintenance"),
                    "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> status = Http.get(app.uri("/maintenance-admin/api/dashboard/maintenance"),
                    "Authorization", "Bearer demo-token-0123456789");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).startsWith("{\"total_in_maintenance\":0,");
        }
    }

    @Test
    void withoutTokenTheDemoGeneratesARandomOneThatOpensTheDashboard() throws Exception {
        try (DemoApp a = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null));
                DemoApp b = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null))) {
            assertThat(a.dashboardToken()).matches("[A-Za-z0-9_-]{32}");
            assertThat(a.dashboardToken()).isNotEqualTo(b.dashboardToken());
            assertThat(Http.get(a.uri("/maintenance-admin/api/dashboard/routes"),
                    "Authorization", "Bearer " + a.dashboardToken()).statusCode()).isEqualTo(200);
            assertThat(Http.get(a.uri("/maintenance-admin/api/dashboard/routes"),
                    "Authorization", "Bearer " + b.dashboardToken()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void actionsFromTheDashboardBlockTheAppButNeverTheDashboardItself() throws Exception {
        try (DemoApp app = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null))) {
            String token = app.dashboardToken();

            HttpResponse<String> enter = Http.post(app.uri("/maintenance-admin/api/dashboard/actions"),
                    "{\"action\":\"enter\",\"target\":\"ALL\",\"message\":\"Upgrading\"}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/json");
            assertThat(enter.statusCode()).isEqualTo(200);
            assertThat(enter.body()).contains("\"route_ids\":[\"*\",\"site\",\"api\",\"admin\"]");

            assertThat(Http.get(app.uri("/admin")).statusCode()).isEqualTo(503);
            assertThat(Http.get(app.uri("/")).statusCode()).isEqualTo(503);
            assertThat(Http.get(app.uri("/maintenance-admin/")).statusCode()).isEqualTo(200);
            assertThat(Http.get(app.uri("/maintenance-admin/api/dashboard/routes"),
                    "Authorization", "Bearer " + token).body()).contains("\"status\":\"maintenance\"");

            assertThat(Http.post(app.uri("/maintenance-admin/api/dashboard/actions"),
                    "{\"action\":\"exit\",\"target\":\"ALL\"}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/json").statusCode())
                    .isEqualTo(200);
            assertThat(Http.get(app.uri("/admin")).statusCode()).isEqualTo(200);
        }
    }
}
