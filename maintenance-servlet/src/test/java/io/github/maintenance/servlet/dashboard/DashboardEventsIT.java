package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.FilterSettings;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.dashboard.SseClient.Message;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server-sent event stream over real sockets: events, heartbeats, limits and clean closing. */
class DashboardEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String EVENTS = "/api/dashboard/events";

    private final MutableClock clock = MutableClock.atDefault();
    private final List<SseClient> clients = new ArrayList<>();
    private DashboardFixture fx;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() throws Exception {
        for (SseClient c : clients) {
            c.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private void start(DashboardSettings settings) throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock), settings);
    }

    private SseClient open(String... headers) throws Exception {
        SseClient c = SseClient.open(fx.dashboard(EVENTS), headers);
        clients.add(c);
        return c;
    }

    private SseClient openAuthorized() throws Exception {
        return open("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void aStreamStartsWithReadyAndDeliversAChangeEventAfterEveryChange() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        SseClient c = openAuthorized();

        assertThat(c.status()).isEqualTo(200);
        assertThat(c.header("Content-Type")).isEqualTo("text/event-stream;charset=utf-8");
        assertThat(c.header("Cache-Control")).isEqualTo("no-store");
        assertThat(c.header("Set-Cookie")).isNull();
        Message ready = c.nextEvent("ready", WAIT);
        assertThat(ready).isNotNull();
        assertThat(object(ready.data())).containsEntry("version", 0).containsEntry("heartbeat_ms", 15000);

        fx.controller.enter("admin");

        Message change = c.nextEvent("change", WAIT);
        assertThat(change).isNotNull();
        assertThat(object(change.data())).containsEntry("type", "maintenance_entered")
                .containsEntry("route_ids", List.of("admin")).containsEntry("at", "2026-01-01T00:00:00Z")
                .containsEntry("cause", Map.of("source", "api", "actor", "")).containsEntry("version", 1);

        fx.controller.exit("admin");
        assertThat(object(c.nextEvent("change", WAIT).data())).containsEntry("type", "maintenance_exited");
    }

    @Test
    void anActionThroughTheApiReachesEveryOpenStreamWithTheDashboardAsCause() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        SseClient a = openAuthorized();
        SseClient b = openAuthorized();
        assertThat(a.nextEvent("ready", WAIT)).isNotNull();
        assertThat(b.nextEvent("ready", WAIT)).isNotNull();

        assertThat(fx.action("{\"action\":\"drain\",\"target\":\"api\",\"seconds\":60}").statusCode()).isEqualTo(200);

        for (SseClient c : List.of(a, b)) {
            Map<String, Object> e = object(c.nextEvent("change", WAIT).data());
            assertThat(e).containsEntry("type", "drain_started").containsEntry("route_ids", List.of("api"))
                    .containsEntry("cause", Map.of("source", "dashboard", "actor", "127.0.0.1"));
            assertThat((String) e.get("detail")).startsWith("duration=1m");
        }
    }

    @Test
    void schedulingAndUnschedulingAWindowAreChangeEvents() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        SseClient c = openAuthorized();
        assertThat(c.nextEvent("ready", WAIT)).isNotNull();

        HttpResponse<String> r = fx.action("{\"action\":\"schedule\",\"target\":\"admin\","
                + "\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String id = fx.controller.schedules().get(0).id();

        Map<String, Object> created = object(c.nextEvent("change", WAIT).data());
        assertThat(created).containsEntry("type", "schedule_created").containsEntry("route_ids", List.of("admin"))
                .containsEntry("cause", Map.of("source", "dashboard", "actor", "127.0.0.1"))
                .containsEntry("detail", id + " 2026-01-01T02:00:00Z/2026-01-01T03:00:00Z")
                .containsEntry("version", (int) fx.controller.snapshot().version());

        fx.controller.cancelSchedule(id, io.github.maintenance.Cause.api("ops"));

        Map<String, Object> cancelled = object(c.nextEvent("change", WAIT).data());
        assertThat(cancelled).containsEntry("type", "schedule_cancelled").containsEntry("detail", id + " cancelled")
                .containsEntry("cause", Map.of("source", "api", "actor", "ops"));
    }

    @Test
    void anIdleStreamGetsHeartbeats() throws Exception {
        start(DashboardFixture.tokenSettings().heartbeat(Duration.ofSeconds(1)).build());
        SseClient c = openAuthorized();

        assertThat(object(c.nextEvent("ready", WAIT).data())).containsEntry("heartbeat_ms", 1000);
        Message beat = c.next(WAIT);
        assertThat(beat).isNotNull();
        assertThat(beat.isComment()).isTrue();
        assertThat(beat.data()).isEqualTo("heartbeat");
    }

    @Test
    void aStreamNeedsAccessLikeTheRestOfTheApi() throws Exception {
        start(DashboardFixture.tokenSettings().build());

        SseClient none = open();
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"maintenance-dashboard\"");
        SseClient wrong = open("Authorization", "Bearer nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(object(wrong.errorBody())).containsEntry("error", "invalid token");
        assertThat(fx.servlet.openEventStreams()).isZero();
    }

    @Test
    void theNumberOfStreamsIsCappedAndAClosedStreamFreesItsSlot() throws Exception {
        start(DashboardFixture.tokenSettings().maxStreams(2).heartbeat(Duration.ofSeconds(1)).build());
        SseClient first = openAuthorized();
        SseClient second = openAuthorized();
        assertThat(first.nextEvent("ready", WAIT)).isNotNull();
        assertThat(second.nextEvent("ready", WAIT)).isNotNull();

        SseClient third = openAuthorized();
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.header("Retry-After")).isEqualTo("10");
        assertThat(object(third.errorBody())).containsEntry("error", "too many open event streams (at most 2); retry later");
        assertThat(fx.servlet.openEventStreams()).isEqualTo(2);

        first.close();
        Awaits.await().until(() -> fx.servlet.openEventStreams() == 1);
        SseClient fourth = openAuthorized();
        assertThat(fourth.status()).isEqualTo(200);
        assertThat(fourth.nextEvent("ready", WAIT)).isNotNull();
    }

    @Test
    void aClientThatDisconnectsIsForgotten() throws Exception {
        start(DashboardFixture.tokenSettings().heartbeat(Duration.ofSeconds(1)).build());
        SseClient c = openAuthorized();
        assertThat(c.nextEvent("ready", WAIT)).isNotNull();
        assertThat(fx.servlet.openEventStreams()).isEqualTo(1);

        c.close();

        Awaits.await().until(() -> fx.servlet.openEventStreams() == 0);
        fx.controller.enter("admin");
        assertThat(fx.servlet.openEventStreams()).isZero();
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedInsteadOfBeingBufferedWithoutBound() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        try (java.net.Socket s = new java.net.Socket()) {
            s.setReceiveBufferSize(1024);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", fx.server.port()), 5_000);
            s.getOutputStream().write(("GET /maintenance-admin" + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Awaits.await().until(() -> fx.servlet.openEventStreams() == 1);

            // Never read: every change adds an event of about 250 bytes until the stream's queue overflows.
            int changes = 0;
            while (fx.servlet.openEventStreams() == 1 && changes < 200_000) {
                fx.controller.enter("admin");
                fx.controller.exit("admin");
                changes += 2;
            }

            assertThat(fx.servlet.openEventStreams()).as("closed after %s changes", changes).isZero();
            SseClient reader = openAuthorized();
            assertThat(reader.nextEvent("ready", WAIT)).as("other clients are served").isNotNull();
        }
    }

    @Test
    void aStreamEndsAfterItsTimeoutSoThatTheClientReconnectsWithItsToken() throws Exception {
        start(DashboardFixture.tokenSettings().streamTimeout(Duration.ofSeconds(1)).build());
        SseClient c = openAuthorized();
        assertThat(c.nextEvent("ready", WAIT)).isNotNull();

        assertThat(c.awaitEnd(WAIT)).isTrue();
        Awaits.await().until(() -> fx.servlet.openEventStreams() == 0);
    }

    @Test
    void closeEventStreamsEndsOpenStreamsSoThatAStopNeedNotWaitForThem() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        SseClient c = openAuthorized();
        assertThat(c.nextEvent("ready", WAIT)).isNotNull();

        fx.servlet.closeEventStreams();

        assertThat(c.awaitEnd(WAIT)).isTrue();
        assertThat(fx.servlet.openEventStreams()).isZero();
        SseClient again = openAuthorized();
        assertThat(again.nextEvent("ready", WAIT)).as("a page may reconnect").isNotNull();
        fx.servlet.closeEventStreams();
        assertThat(again.awaitEnd(WAIT)).isTrue();
        fx.server.close(); // throws when the graceful stop times out on a request still open
    }

    @Test
    void destroyEndsOpenStreamsAndRefusesNewOnes() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        SseClient c = openAuthorized();
        assertThat(c.nextEvent("ready", WAIT)).isNotNull();

        fx.servlet.destroy();

        assertThat(c.awaitEnd(WAIT)).isTrue();
        assertThat(fx.servlet.openEventStreams()).isZero();
        assertThat(openAuthorized().status()).isEqualTo(503);
    }

    @Test
    void openStreamsHoldNoContainerThread() throws Exception {
        MaintenanceController controller = MaintenanceController.create(DashboardFixture.config(clock).build());
        QueuedThreadPool pool = new QueuedThreadPool(10, 2);
        pool.setReservedThreads(0);
        DashboardServlet servlet = new DashboardServlet(controller, DashboardFixture.tokenSettings().build());
        JettyServer server = jetty.start(JettyServerExtension.builder()
                .threadPool(() -> pool)
                .filter(new MaintenanceFilter(controller,
                        FilterSettings.custom().exemptPaths("/maintenance-admin").build()))
                .servlet(servlet, "/maintenance-admin/*"));
        try {
            URI events = server.uri("/maintenance-admin" + EVENTS);
            for (int i = 0; i < 24; i++) {
                SseClient c = SseClient.open(events, "Authorization", "Bearer " + TOKEN);
                clients.add(c);
                assertThat(c.nextEvent("ready", WAIT)).as("stream " + i).isNotNull();
            }
            assertThat(servlet.openEventStreams()).isEqualTo(24);
            assertThat(pool.getMaxThreads()).isLessThan(24);

            HttpResponse<String> r = Http.send(Http.request(server.uri("/maintenance-admin/api/dashboard/maintenance"),
                    "Authorization", "Bearer " + TOKEN));
            assertThat(r.statusCode()).isEqualTo(200);
            controller.enter("admin");
            for (SseClient c : clients) {
                assertThat(c.nextEvent("change", WAIT)).isNotNull();
            }
        } finally {
            servlet.closeEventStreams();
            server.close();
            controller.close();
        }
    }

    @Test
    void withoutAsyncSupportTheStreamSaysHowToRegisterTheServlet() throws Exception {
        MaintenanceController controller = MaintenanceController.create(DashboardFixture.config(clock).build());
        DashboardServlet servlet = new DashboardServlet(controller, DashboardFixture.tokenSettings().build());
        try (JettyServer server = jetty.start(ctx -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(false);
            ctx.addServlet(holder, "/d/*");
        })) {
            HttpResponse<String> r = Http.send(Http.request(server.uri("/d" + EVENTS),
                    "Authorization", "Bearer " + TOKEN));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(object(r)).containsEntry("error", "the event stream needs async support: register the dashboard "
                    + "servlet and every filter before it with asyncSupported=true");
            assertThat(servlet.openEventStreams()).isZero();
            assertThat(Http.send(Http.request(server.uri("/d/api/dashboard/routes"),
                    "Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
        } finally {
            controller.close();
        }
    }
}
