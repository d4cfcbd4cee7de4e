package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Asynchronous requests, and forward, include, error and async dispatches: the filter is mapped
 * for every dispatcher type here, and must decide and count once per client request.
 */
class DispatchIT {

    private final MutableClock clock = MutableClock.atDefault();
    private final CountDownLatch asyncStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final MaintenanceController controller = MaintenanceController.create(Apps.config(clock)
            .route(Route.builder("target").path("/target").build())
            .route(Route.builder("oops").path("/oops").build())
            .circuitBreaker(CircuitBreakerConfig.custom().failureThreshold(2).build())
            .detailedStatistics(true)
            .build());

    @RegisterExtension
    final JettyServerExtension server = JettyServerExtension.builder()
            .filter(() -> new MaintenanceFilter(controller), EnumSet.allOf(DispatcherType.class))
            .servlet(Target::new, "/target/*")
            .servlet(Oops::new, "/oops/*")
            .servlet(Front::new, "/front/*")
            .customize(ctx -> {
                ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
                errors.addErrorPage(500, "/oops/page");
                ctx.setErrorHandler(errors);
            })
            .build();

    @AfterEach
    void stop() {
        release.countDown();
        controller.close();
    }

    private HttpResponse<String> get(String path) {
        return Http.get(server.uri(path));
    }

    @Test
    void aForwardToARouteInMaintenanceIsNeitherBlockedNorCountedAgain() {
        controller.enter("target");

        HttpResponse<String> r = get("/front/forward");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("target FORWARD");
        assertThat(get("/target").statusCode()).as("a direct request is blocked").isEqualTo(503);
        assertThat(controller.status("target").maintenanceHits()).isEqualTo(1);
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.status("*").requests()).isEqualTo(1);
            assertThat(controller.status("*").passed()).isEqualTo(1);
            assertThat(controller.status("target").requests()).isEqualTo(1);
            assertThat(controller.status("target").passed()).isZero();
        });
    }

    @Test
    void anIncludeOfARouteInMaintenanceIsNotBlocked() {
        controller.enter("target");

        HttpResponse<String> r = get("/front/include");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("front[target INCLUDE]");
        assertThat(controller.status("target").maintenanceHits()).isZero();
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.totals().requests()).isEqualTo(1);
            assertThat(controller.totals().passed()).isEqualTo(1);
        });
    }

    @Test
    void anErrorDispatchCountsTheFailureOnceAndIsNotBlocked() {
        controller.enter("oops");

        HttpResponse<String> r = get("/front/error");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("error page ERROR");
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.status("*").failures()).isEqualTo(1);
            assertThat(controller.status("*").errors()).isEqualTo(1);
            assertThat(controller.totals().requests()).isEqualTo(1);
        });
        assertThat(controller.status("oops").maintenanceHits()).isZero();
        assertThat(controller.status("*").circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void anExceptionWithAnErrorPageCountsOneFailure() {
        HttpResponse<String> r = get("/front/throw");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("error page ERROR");
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.status("*").failures()).isEqualTo(1);
            assertThat(controller.totals().requests()).isEqualTo(1);
        });
    }

    @Test
    void anAsyncRequestCompletingLaterPassesAndIsCountedOnCompletion() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = Http.CLIENT.sendAsync(
                Http.request(server.uri("/front/async")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asyncStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pending).isNotDone();

        controller.enter("ALL");
        release.countDown();
        HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).as("decided when the request arrived").isEqualTo(200);
        assertThat(r.body()).isEqualTo("async done");
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.totals().passed()).isEqualTo(1);
            assertThat(controller.totals().requests()).isEqualTo(1);
        });
        assertThat(get("/front/async").statusCode()).isEqualTo(503);
    }

    @Test
    void asyncServerErrorsOpenTheCircuit() {
        release.countDown();
        assertThat(get("/front/async?status=500").statusCode()).isEqualTo(500);
        assertThat(get("/front/async?status=500").statusCode()).isEqualTo(500);

        Awaits.await()
                .until(() -> controller.status("*").circuitState() == CircuitState.OPEN);
        HttpResponse<String> open = get("/front/anything");
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(Http.header(open, "X-Circuit-State")).isEqualTo("open");
        assertThat(controller.status("*").failures()).isEqualTo(2);
    }

    @Test
    void anAsyncDispatchToARouteInMaintenanceIsNotBlocked() {
        controller.enter("target");

        HttpResponse<String> r = get("/front/async-dispatch");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("target ASYNC");
        assertThat(controller.status("target").maintenanceHits()).isZero();
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.totals().requests()).isEqualTo(1);
            assertThat(controller.totals().passed()).isEqualTo(1);
        });
    }

    @Test
    void anAsyncRequestCompletedBeforeTheServletReturnsIsCountedOnce() {
        HttpResponse<String> r = get("/front/async-early?status=500");

        assertThat(r.statusCode()).isEqualTo(500);
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.status("*").failures()).isEqualTo(1);
            assertThat(controller.totals().errors()).isEqualTo(1);
            assertThat(controller.totals().passed()).isEqualTo(1);
        });
        assertThat(get("/front/ok").statusCode()).isEqualTo(200);
        Awaits.await().untilAsserted(() -> assertThat(controller.totals().passed()).isEqualTo(2));
        assertThat(controller.totals().errors()).as("the early completion was not counted twice").isEqualTo(1);
    }

    @Test
    void anAsyncTimeoutCountsOneFailure() {
        HttpResponse<String> r = get("/front/async-timeout");

        assertThat(r.statusCode()).isEqualTo(500);
        Awaits.await().untilAsserted(() -> {
            assertThat(controller.status("*").failures()).isEqualTo(1);
            assertThat(controller.status("*").errors()).isEqualTo(1);
            assertThat(controller.totals().requests()).isEqualTo(1);
        });
    }

    /** Writes {@code target <dispatcher type>}. */
    static final class Target extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("target " + req.getDispatcherType());
        }
    }

    /** The error page: {@code error page <dispatcher type>}. */
    static final class Oops extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("error page " + req.getDispatcherType());
        }
    }

    /** The entry points, by path info. */
    final class Front extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            int status = req.getParameter("status") == null ? 200 : Integer.parseInt(req.getParameter("status"));
            switch (req.getPathInfo()) {
                case "/forward" -> req.getRequestDispatcher("/target/x").forward(req, resp);
                case "/include" -> {
                    resp.getWriter().write("front[");
                    req.getRequestDispatcher("/target/x").include(req, resp);
                    resp.getWriter().write("]");
                }
                case "/error" -> resp.sendError(500);
                case "/throw" -> throw new ServletException("the application failed");
                case "/async" -> {
                    AsyncContext async = req.startAsync();
                    async.start(() -> {
                        asyncStarted.countDown();
                        try {
                            if (release.await(10, TimeUnit.SECONDS)) {
                                HttpServletResponse r = (HttpServletResponse) async.getResponse();
                                r.setStatus(status);
                                r.getWriter().write("async done");
                            }
                        } catch (InterruptedException | IOException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            async.complete();
                        }
                    });
                }
                case "/async-dispatch" -> {
                    AsyncContext async = req.startAsync();
                    async.start(() -> async.dispatch("/target/x"));
                }
                case "/async-early" -> {
                    AsyncContext async = req.startAsync();
                    CountDownLatch completed = new CountDownLatch(1);
                    async.start(() -> {
                        ((HttpServletResponse) async.getResponse()).setStatus(status);
                        async.complete();
                        completed.countDown();
                    });
                    try {
                        assertThat(completed.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case "/async-timeout" -> req.startAsync().setTimeout(100);
                default -> resp.getWriter().write("front " + req.getDispatcherType());
            }
        }
    }
}
