package io.github.maintenance.servlet;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.Target;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In-flight tracking on a real Jetty: a request counts from the moment the filter hands it to the
 * application until the application is done with it, also when it throws or goes asynchronous.
 */
@Timeout(60)
class InFlightIT {

    private final MutableClock clock = MutableClock.atDefault();
    /** Counted down when the application has a request in hand ({@code /slow}, {@code /async}). */
    private final CountDownLatch entered = new CountDownLatch(1);
    /** Lets {@code /slow} answer and {@code /async} complete. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down when the container thread of an asynchronous request has left the filters. */
    private final CountDownLatch dispatchReturned = new CountDownLatch(1);
    private MaintenanceController controller;
    private JettyServer server;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        release.countDown();
        if (controller != null) {
            controller.close();
        }
    }

    private void start(boolean tracked) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).trackInFlight(tracked).build());
        MaintenanceFilter filter = new MaintenanceFilter(controller, FilterSettings.ofDefaults());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, probe());
            JettyServer.addFilter(ctx, filter);
            JettyServer.addServlet(ctx, new App(), "/*");
        });
    }

    /** Sits before the maintenance filter: tells when an asynchronous request's first dispatch has returned. */
    private Filter probe() {
        return (req, res, chain) -> {
            chain.doFilter(req, res);
            if (req.isAsyncStarted()) {
                dispatchReturned.countDown();
            }
        };
    }

    private long inFlight() {
        return controller.inFlight(Target.all());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return Http.CLIENT.sendAsync(Http.request(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSlowRequestCountsOneWhileTheApplicationHasItAndZeroAfter() throws Exception {
        start(true);
        assertThat(inFlight()).isZero();

        CompletableFuture<HttpResponse<String>> slow = getAsync("/slow");
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight()).isEqualTo(1);
        assertThat(controller.status("*").inFlight()).isEqualTo(1);

        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().until(() -> inFlight() == 0);
    }

    @Test
    void aRequestTheApplicationThrowsOnCountsNoLonger() throws Exception {
        start(true);

        HttpResponse<String> r = Http.get(server.uri("/boom"));

        assertThat(r.statusCode()).isEqualTo(500);
        await().until(() -> inFlight() == 0);
        assertThat(Http.get(server.uri("/ok")).statusCode()).isEqualTo(200);
        await().until(() -> inFlight() == 0);
    }

    @Test
    void anAsynchronousRequestCountsUntilItCompletesNotUntilItsDispatchReturns() throws Exception {
        start(true);

        CompletableFuture<HttpResponse<String>> async = getAsync("/async");
        assertThat(dispatchReturned.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight()).as("the filter has returned, the request is not complete").isEqualTo(1);
        assertThat(async).isNotDone();

        release.countDown();
        assertThat(async.get(30, TimeUnit.SECONDS).body()).isEqualTo("async done");
        await().until(() -> inFlight() == 0);
    }

    @Test
    void anAsynchronousRequestThatTimesOutCountsNoLonger() throws Exception {
        start(true);

        HttpResponse<String> r = Http.get(server.uri("/async-timeout"));

        assertThat(r.statusCode()).isEqualTo(500);
        await().until(() -> inFlight() == 0);
    }

    @Test
    void afterEnteringMaintenanceAwaitIdleReturnsWhenTheLastRequestFinishes() throws Exception {
        start(true);
        CompletableFuture<HttpResponse<String>> slow = getAsync("/slow");
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        controller.enter("ALL");
        assertThat(Http.get(server.uri("/ok")).statusCode()).as("blocked, never counted").isEqualTo(503);
        assertThat(inFlight()).isEqualTo(1);
        assertThat(controller.awaitIdle(Target.all(), Duration.ZERO)).isFalse();

        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return controller.awaitIdle(Target.all(), Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        release.countDown();

        assertThat(idle.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void withTrackingOffNothingIsCountedAndAskingFails() throws Exception {
        start(false);
        assertThat(Http.get(server.uri("/ok")).statusCode()).isEqualTo(200);

        assertThatThrownBy(this::inFlight).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in-flight requests are not tracked").hasMessageContaining("trackInFlight");
        assertThatThrownBy(() -> controller.awaitIdle(Target.all(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(controller.status("*").inFlight()).isZero();
    }

    @Test
    void theInitParameterTurnsTrackingOn() throws Exception {
        server = jetty.start(ctx -> {
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            holder.setInitParameter(InitParameters.TRACK_IN_FLIGHT, "true");
            JettyServer.addServlet(ctx, new App(), "/*");
        });
        controller = (MaintenanceController) server.context().getServletContext()
                .getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
        assertThat(controller.config().trackInFlight()).isTrue();

        CompletableFuture<HttpResponse<String>> slow = getAsync("/slow");
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight()).isEqualTo(1);
        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().until(() -> inFlight() == 0);
        controller = null; // owned and closed by the filter
    }

    @Test
    void aBadInitParameterValueStopsTheFilter() {
        assertThatThrownBy(() -> jetty.start(ctx -> {
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            holder.setInitParameter(InitParameters.TRACK_IN_FLIGHT, "maybe");
            JettyServer.addServlet(ctx, new App(), "/*");
        })).satisfies(t -> assertThat(JettyServer.startupError(t, "Invalid maintenance filter configuration: ")
                .getMessage()).contains("trackInFlight").contains("maybe"));
    }

    /** {@code /slow} waits for the test, {@code /boom} throws, {@code /async*} go asynchronous. */
    private final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            switch (req.getRequestURI()) {
                case "/slow" -> {
                    entered.countDown();
                    awaitRelease();
                    write(resp, "slow done");
                }
                case "/boom" -> throw new IllegalStateException("the application failed");
                case "/async" -> {
                    AsyncContext async = req.startAsync();
                    async.setTimeout(0);
                    entered.countDown();
                    async.start(() -> {
                        try {
                            awaitRelease();
                            write((HttpServletResponse) async.getResponse(), "async done");
                        } catch (IOException | ServletException e) {
                            throw new IllegalStateException(e);
                        } finally {
                            async.complete();
                        }
                    });
                }
                case "/async-timeout" -> req.startAsync().setTimeout(100); // never completed by the application
                default -> write(resp, "ok");
            }
        }

        private void awaitRelease() throws ServletException {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new ServletException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException(e);
            }
        }

        private void write(HttpServletResponse resp, String text) throws IOException {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/plain;charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
