package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.spring.boot.testing.BootApp;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/** One application with two routes, the Actuator and the dashboard, shared by the tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class StarterWebTest {

    private static final String TOKEN = "dashboard-token-0123456789";

    private BootApp app;
    private MaintenanceController controller;

    @BeforeAll
    void start() {
        app = BootApp.start(TestWebApp.class,
                "maintenance.routes[0].id=api", "maintenance.routes[0].path=/api",
                "maintenance.routes[1].id=admin", "maintenance.routes[1].path=/admin",
                "maintenance.retry-after=120",
                "maintenance.page.title=Back soon",
                "maintenance.dashboard.enabled=true", "maintenance.dashboard.tokens=" + TOKEN,
                "management.endpoints.web.exposure.include=health");
        controller = app.bean(MaintenanceController.class);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void exitAll() {
        controller.exit("ALL");
    }

    @Test
    void runsOnTheServerTheBuildChose() {
        HttpResponse<String> r = app.get("/server");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).containsIgnoringCase(BootApp.EXPECTED_SERVER);
    }

    @Test
    void routeInMaintenanceAnswersThePageWithRetryAfter() {
        assertThat(app.get("/api/hello").body()).isEqualTo("api-ok");
        controller.enter("api");

        HttpResponse<String> blocked = app.get("/api/hello", "Accept", "text/html");
        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(blocked.body()).contains("Back soon");
        // The other route still serves.
        HttpResponse<String> admin = app.get("/admin/hello");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("admin-ok");
    }

    @Test
    void allInMaintenanceLeavesTheOperatorPathsOpen() {
        controller.enter("ALL");
        assertThat(app.get("/admin/hello").statusCode()).isEqualTo(503);

        HttpResponse<String> health = app.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"");

        HttpResponse<String> dashboard = app.get("/maintenance/api/dashboard/state", "Authorization", "Bearer " + TOKEN);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).startsWith("{");

        HttpResponse<String> error = app.get("/error");
        assertThat(error.statusCode()).isNotEqualTo(503);
        assertThat(error.body()).doesNotContain("Back soon");
    }

    @Test
    void asyncRequestsPassTheFilter() {
        HttpResponse<String> r = app.get("/api/async");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("async-ok");

        controller.enter("admin");
        assertThat(app.get("/api/async").body()).isEqualTo("async-ok");
        controller.enter("api");
        assertThat(app.get("/api/async").statusCode()).isEqualTo(503);
    }

    @Test
    void filterIsRegisteredFirstForRequestDispatchesWithAsyncSupport() {
        Map<String, FilterRegistrationBean<?>> registrations = beansOf();
        FilterRegistrationBean<?> ours = registrations.values().stream()
                .filter(r -> r.getFilter() instanceof MaintenanceFilter).findFirst().orElseThrow();
        assertThat(ours.getFilterName()).isEqualTo("maintenance");
        assertThat(ours.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        assertThat(ours.isAsyncSupported()).isTrue();
        assertThat(ours.getUrlPatterns()).containsExactly("/*");
        assertThat(((MaintenanceFilter) ours.getFilter()).controller()).isSameAs(controller);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, FilterRegistrationBean<?>> beansOf() {
        return (Map) app.context().getBeansOfType(FilterRegistrationBean.class);
    }
}
