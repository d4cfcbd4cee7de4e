package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.stats.RouteTraffic;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-route traffic statistics measured by the filter over real HTTP, with detailed statistics on. */
class TrafficIT {

    private static final long SLOW_MILLIS = 40;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T08:00:00Z"));
    private final MaintenanceController controller = MaintenanceController.create(Apps.config(clock)
            .route(Route.builder("api").path("/api").build())
            .detailedStatistics(true)
            .build());

    @RegisterExtension
    final JettyServerExtension server = JettyServerExtension.builder()
            .filter(() -> new MaintenanceFilter(controller))
            .servlet(App::new, "/*")
            .build();

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void statusesErrorsAndExceptionsAreCountedPerRoute() {
        assertThat(Http.get(server.uri("/api/ok")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/api/ok")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/api/missing")).statusCode()).isEqualTo(404);
        assertThat(Http.get(server.uri("/api/unavailable")).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/api/throw")).statusCode()).isEqualTo(500);
        assertThat(Http.get(server.uri("/api/async")).statusCode()).isEqualTo(201);
        assertThat(Http.get(server.uri("/elsewhere")).statusCode()).isEqualTo(404);

        RouteTraffic api = controller.traffic("api");
        assertThat(api.requests()).isEqualTo(6);
        assertThat(api.statusCodes()).containsExactly(Map.entry(200, 2L), Map.entry(201, 1L), Map.entry(404, 1L),
                Map.entry(500, 1L), Map.entry(503, 1L));
        assertThat(api.errors()).isEqualTo(2);
        assertThat(api.exceptions()).isEqualTo(1);
        assertThat(api.errorRate()).isEqualTo(2 / 6.0);
        assertThat(api.lastError()).isEqualTo("java.lang.IllegalStateException: thrown by the application");
        assertThat(api.lastErrorAt()).isEqualTo(clock.instant());
        assertThat(controller.traffic("*").requests()).isEqualTo(1);
        assertThat(controller.traffic("*").statusCodes()).containsExactly(Map.entry(404, 1L));
    }

    @Test
    void latencyIsTheTimeSpentInTheApplication() {
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(server.uri("/api/ok")).statusCode()).isEqualTo(200);
        }
        assertThat(Http.get(server.uri("/api/slow")).statusCode()).isEqualTo(200);

        RouteTraffic api = controller.traffic("api");
        assertThat(api.requests()).isEqualTo(4);
        assertThat(api.p99LatencyMillis()).isGreaterThanOrEqualTo(SLOW_MILLIS);
        assertThat(api.avgLatencyMillis()).isGreaterThanOrEqualTo(SLOW_MILLIS / 4.0)
                .isLessThanOrEqualTo(api.p99LatencyMillis());
        assertThat(api.p95LatencyMillis()).isLessThanOrEqualTo(api.p99LatencyMillis());
    }

    @Test
    void blockedRequestsAreNotTraffic() {
        controller.enter("api");

        assertThat(Http.get(server.uri("/api/ok")).statusCode()).isEqualTo(503);

        assertThat(controller.traffic("api").requests()).isZero();
        assertThat(controller.status("api").maintenanceHits()).isEqualTo(1);
    }

    /** The application: behaviour chosen by the last path segment. */
    private static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String uri = req.getRequestURI();
            if (uri.endsWith("/ok")) {
                resp.setStatus(200);
            } else if (uri.endsWith("/unavailable")) {
                resp.setStatus(503);
            } else if (uri.endsWith("/throw")) {
                throw new IllegalStateException("thrown by the application");
            } else if (uri.endsWith("/async")) {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    ((HttpServletResponse) async.getResponse()).setStatus(201);
                    async.complete();
                });
            } else if (uri.endsWith("/slow")) {
                // A slow handler: it works for SLOW_MILLIS before answering.
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS);
                for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                resp.setStatus(200);
            } else {
                resp.sendError(404);
            }
        }
    }

}
