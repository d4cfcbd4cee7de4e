package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-route maintenance, path matching within the application, context paths, readiness. */
class RoutesIT {

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;
    private JettyServer server;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(String contextPath, MaintenanceConfig.Builder config, FilterSettings settings)
            throws Exception {
        controller = MaintenanceController.create(config.build());
        server = jetty.start(contextPath, ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private MaintenanceConfig.Builder withRoutes() {
        return Apps.config(clock)
                .route(Route.builder("admin").path("/admin").build())
                .route(Route.builder("api").path("/api").domains("api.example.com").build());
    }

    private int status(String path) {
        return Http.get(server.uri(path)).statusCode();
    }

    @Test
    void aRouteInMaintenanceBlocksOnlyItsPaths() throws Exception {
        start("/", withRoutes(), FilterSettings.ofDefaults());
        controller.enter("admin");

        HttpResponse<String> admin = Http.get(server.uri("/admin/users"));
        assertThat(admin.statusCode()).isEqualTo(503);
        assertThat(header(admin, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(status("/admin")).isEqualTo(503);
        assertThat(status("/admin/")).isEqualTo(503);
        HttpResponse<String> home = Http.get(server.uri("/"));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).isEqualTo("app GET /");
        assertThat(status("/adminx")).as("segment-aware").isEqualTo(200);
        assertThat(status("/administrator/x")).isEqualTo(200);
        assertThat(status("/shop/admin")).isEqualTo(200);
        assertThat(controller.status("admin").maintenanceHits()).isEqualTo(3);
        assertThat(controller.status("*").maintenanceHits()).isZero();
    }

    @Test
    void theDecodedNormalisedPathIsMatched() throws Exception {
        start("/", withRoutes(), FilterSettings.ofDefaults());
        controller.enter("admin");

        assertThat(status("/%61dmin/users")).as("percent-encoded letters").isEqualTo(503);
        assertThat(status("/public/../admin")).as("dot segments").isEqualTo(503);
        assertThat(status("/public/%2e%2e/admin")).as("encoded dot segments never reach the application").isEqualTo(400);
        assertThat(status("/public")).isEqualTo(200);
    }

    @Test
    void thePathIsTheSameWhateverTheServletMapping() throws Exception {
        controller = MaintenanceController.create(withRoutes().build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/admin/*");
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "*.do");
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/");
        });
        controller.enter("admin");

        assertThat(status("/admin/users")).as("path mapping").isEqualTo(503);
        assertThat(status("/admin/report.do")).as("path mapping wins over extension").isEqualTo(503);
        assertThat(status("/admin")).isEqualTo(503);
        assertThat(status("/shop/report.do")).as("extension mapping").isEqualTo(200);
        assertThat(status("/shop")).as("default servlet").isEqualTo(200);
    }

    @Test
    void aPathTargetBlocksThatPrefixThroughAnAdHocRoute() throws Exception {
        start("/", withRoutes(), FilterSettings.ofDefaults());

        assertThat(controller.enter("/reports")).hasSize(1);

        assertThat(status("/reports/2026")).isEqualTo(503);
        assertThat(status("/reportsx")).isEqualTo(200);
        assertThat(status("/admin")).isEqualTo(200);
    }

    @Test
    void aDomainRouteBlocksOnlyRequestsForThatHost() throws Exception {
        start("/", withRoutes(), FilterSettings.ofDefaults());
        controller.enter("api");

        RawHttp.Response api = RawHttp.exchange(server.port(),
                "GET /api/orders HTTP/1.1\r\nHost: API.example.com:8080\r\nConnection: close\r\n\r\n");
        RawHttp.Response other = RawHttp.exchange(server.port(),
                "GET /api/orders HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n");

        assertThat(api.status()).isEqualTo(503);
        assertThat(api.headers("X-Maintenance-Mode")).containsExactly("true");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("app GET /api/orders");
    }

    @Test
    void aDomainTargetInMaintenanceBlocksEveryPathOfItsHostWhicheverPathRouteWins() throws Exception {
        start("/", withRoutes(), FilterSettings.ofDefaults());
        controller.enter("shop.example.com");

        RawHttp.Response admin = RawHttp.get(server.port(), "/admin", "Host", "shop.example.com");
        RawHttp.Response home = RawHttp.get(server.port(), "/", "Host", "shop.example.com:8080");
        RawHttp.Response otherHost = RawHttp.get(server.port(), "/admin", "Host", "www.example.com");

        assertThat(admin.status()).isEqualTo(503);
        assertThat(admin.headers("X-Maintenance-Mode")).containsExactly("true");
        assertThat(home.status()).isEqualTo(503);
        assertThat(otherHost.status()).isEqualTo(200);
        assertThat(otherHost.body()).isEqualTo("app GET /admin");
        assertThat(controller.status("domain:shop.example.com").maintenanceHits()).isEqualTo(2);
    }

    @Test
    void routesAreMatchedWithinTheContextPath() throws Exception {
        start("/shop", withRoutes(), FilterSettings.custom().exemptPaths("/health").readinessPath("/ready").build());
        controller.enter("admin");

        HttpResponse<String> admin = Http.get(server.uri("/shop/admin/users"));
        assertThat(admin.statusCode()).isEqualTo(503);
        HttpResponse<String> home = Http.get(server.uri("/shop/"));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).isEqualTo("app GET /shop/");

        controller.enter("ALL");
        assertThat(status("/shop/health")).as("exempt path within the context").isEqualTo(200);
        HttpResponse<String> ready = Http.get(server.uri("/shop/ready"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"maintenance\"}");
    }

    @Test
    void theReadinessPathFollowsTheInstanceState() throws Exception {
        start("/", withRoutes(), FilterSettings.custom().readinessPath("/ready").build());

        HttpResponse<String> serving = Http.get(server.uri("/ready"));
        assertThat(serving.statusCode()).isEqualTo(200);
        assertThat(serving.body()).isEqualTo("{\"status\":\"serving\"}");
        assertThat(header(serving, "Content-Type")).isEqualTo("application/json");
        assertThat(header(serving, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(serving, "X-App")).as("answered by the filter").isNull();

        controller.enter("admin");
        assertThat(Http.get(server.uri("/ready")).body()).as("one route does not make the instance leave")
                .isEqualTo("{\"status\":\"serving\"}");

        controller.enter("ALL");
        HttpResponse<String> maintenance = Http.get(server.uri("/ready"));
        assertThat(maintenance.statusCode()).as("healthy, showing the page").isEqualTo(200);
        assertThat(maintenance.body()).isEqualTo("{\"status\":\"maintenance\"}");
        assertThat(header(maintenance, "X-Maintenance-Mode")).isNull();

        controller.exit("ALL");
        controller.startDrain("ALL", Duration.ofSeconds(60));
        HttpResponse<String> draining = Http.get(server.uri("/ready"));
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(draining.body()).isEqualTo("{\"status\":\"draining\"}");
        HttpResponse<String> head = Http.head(server.uri("/ready"));
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();

        controller.cancelDrain("ALL");
        assertThat(status("/ready")).isEqualTo(200);
        assertThat(status("/ready/x")).as("only the exact path").isEqualTo(200);
        assertThat(Http.get(server.uri("/ready/x")).body()).isEqualTo("app GET /ready/x");
        assertThat(controller.totals().lifetimeMaintenanceHits()).isZero();
        assertThat(controller.totals().lifetimeDrainRejected()).isZero();
    }
}
