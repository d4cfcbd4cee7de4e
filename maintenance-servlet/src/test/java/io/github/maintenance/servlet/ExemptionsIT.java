package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.ForwardedHeader;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who gets through while blocked: exempt paths, allowed addresses, trusted proxies. */
class ExemptionsIT {

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

    private void start(String host, MaintenanceConfig.Builder config, FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(config.build());
        server = jetty.start(host, "/", ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void start(FilterSettings settings) throws Exception {
        start("127.0.0.1", Apps.config(clock), settings);
    }

    private int status(String path, String... headers) {
        return Http.get(server.uri(path), headers).statusCode();
    }

    @Test
    void globalExemptPathsPassDuringMaintenanceSegmentBySegment() throws Exception {
        start(FilterSettings.custom().exemptPaths("/health", "/static/").build());
        controller.enter("ALL");

        HttpResponse<String> health = Http.get(server.uri("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("app GET /health");
        assertThat(status("/health/live")).isEqualTo(200);
        assertThat(status("/static/app.css")).isEqualTo(200);
        assertThat(status("/healthz")).as("not the /health segment").isEqualTo(503);
        assertThat(status("/")).isEqualTo(503);
        assertThat(controller.totals().maintenanceHits()).as("exempt requests are not hits").isEqualTo(2);
    }

    @Test
    void robotsTxtPassesByDefaultAndIsBlockedWhenTurnedOff() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");
        assertThat(status("/robots.txt")).as("exempt by default").isEqualTo(200);
        assertThat(status("/robots.txt.bak")).isEqualTo(503);
        assertThat(status("/")).isEqualTo(503);
    }

    @Test
    void robotsTxtIsBlockedWhenItsExemptionIsTurnedOff() throws Exception {
        start(FilterSettings.custom().exemptRobotsTxt(false).build());
        controller.enter("ALL");
        assertThat(status("/robots.txt")).isEqualTo(503);
    }

    @Test
    void pathsExemptedAtRunTimeThroughTheControllerPassToo() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");
        assertThat(status("/status/live")).isEqualTo(503);

        controller.setExemptPaths("registry:health", java.util.List.of("/status/live"), io.github.maintenance.Cause.api());

        assertThat(status("/status/live")).isEqualTo(200);
        assertThat(status("/status/live/deep")).isEqualTo(200);
        assertThat(status("/status")).isEqualTo(503);

        controller.setExemptPaths("registry:health", java.util.List.of(), io.github.maintenance.Cause.api());
        assertThat(status("/status/live")).isEqualTo(503);
    }

    @Test
    void exemptPathsAlsoPassAFinishedDrain() throws Exception {
        start(FilterSettings.custom().exemptPaths("/health").build());
        controller.startDrain("ALL", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));

        assertThat(status("/health")).isEqualTo(200);
        assertThat(status("/orders")).isEqualTo(503);
        assertThat(controller.totals().drainRejected()).isEqualTo(1);
    }

    @Test
    void perRouteExemptPathsPassOnlyWithinTheirRoute() throws Exception {
        start("127.0.0.1", Apps.config(clock)
                .route(Route.builder("admin").path("/admin").exemptPaths("/admin/status").build()),
                FilterSettings.ofDefaults());
        controller.enter("ALL");

        assertThat(status("/admin/status")).isEqualTo(200);
        assertThat(status("/admin/status/db")).isEqualTo(200);
        assertThat(status("/admin")).isEqualTo(503);
        assertThat(status("/admin/users")).isEqualTo(503);
        assertThat(status("/status")).as("the exemption belongs to the admin route").isEqualTo(503);
    }

    @Test
    void anAllowedLoopbackAddressPassesDuringMaintenance() throws Exception {
        start(FilterSettings.custom().allowedIps("10.0.0.0/8", "127.0.0.1/32").build());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/private"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /private");
        assertThat(controller.totals().maintenanceHits()).isZero();
    }

    @Test
    void anAddressOutsideTheAllowedRangesIsBlocked() throws Exception {
        start(FilterSettings.custom().allowedIps("10.0.0.0/8", "127.0.0.2/32", "::1").build());
        controller.enter("ALL");

        assertThat(status("/")).isEqualTo(503);
    }

    @Test
    void anAllowedIpv6LoopbackPassesOverIpv6() throws Exception {
        start("::1", Apps.config(clock), FilterSettings.custom().allowedIps("::1").build());
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/v6"));

        assertThat(server.uri("/v6").getHost()).isEqualTo("[::1]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /v6");
    }

    @Test
    void anIpv4AllowListDoesNotLetTheIpv6LoopbackThrough() throws Exception {
        start("::1", Apps.config(clock), FilterSettings.custom().allowedIps("127.0.0.1/32").build());
        controller.enter("ALL");

        assertThat(status("/v6")).isEqualTo(503);
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        start(FilterSettings.custom().allowedIps("203.0.113.0/24").trustedProxies("10.0.0.1").build());
        controller.enter("ALL");

        assertThat(status("/", "X-Forwarded-For", "203.0.113.5")).isEqualTo(503);
        assertThat(status("/", "Forwarded", "for=203.0.113.5")).isEqualTo(503);
        assertThat(controller.totals().maintenanceHits()).isEqualTo(2);
    }

    @Test
    void forwardingHeadersFromATrustedProxyNameTheClient() throws Exception {
        start(FilterSettings.custom().allowedIps("127.0.0.7", "::1").trustedProxies("127.0.0.1").build());
        controller.enter("ALL");

        assertThat(status("/", "X-Forwarded-For", "127.0.0.7")).isEqualTo(200);
        assertThat(status("/", "X-Forwarded-For", "[::1]:4711")).isEqualTo(200);
        assertThat(status("/", "X-Forwarded-For", "127.0.0.8")).isEqualTo(503);
        assertThat(status("/")).as("no header: the proxy itself is the client").isEqualTo(503);
    }

    @Test
    void onlyTheConfiguredForwardingHeaderIsRead() throws Exception {
        start(FilterSettings.custom().allowedIps("127.0.0.7").trustedProxies("127.0.0.1").build());
        controller.enter("ALL");

        // X-Forwarded-For by default: a Forwarded header passed on from the client is ignored.
        assertThat(status("/", "Forwarded", "for=127.0.0.7", "X-Forwarded-For", "127.0.0.8")).isEqualTo(503);
        assertThat(status("/", "Forwarded", "for=127.0.0.8", "X-Forwarded-For", "127.0.0.7")).isEqualTo(200);
        assertThat(status("/", "Forwarded", "for=127.0.0.7;proto=https")).isEqualTo(503);
    }

    @Test
    void withForwardedConfiguredItsForValuesNameTheClient() throws Exception {
        start(FilterSettings.custom().allowedIps("127.0.0.7", "::1").trustedProxies("127.0.0.1")
                .forwardedHeader(ForwardedHeader.FORWARDED).build());
        controller.enter("ALL");

        assertThat(status("/", "Forwarded", "for=127.0.0.7;proto=https")).isEqualTo(200);
        assertThat(status("/", "Forwarded", "for=\"[::1]:4711\"")).isEqualTo(200);
        assertThat(status("/", "Forwarded", "for=127.0.0.8", "X-Forwarded-For", "127.0.0.7")).isEqualTo(503);
    }

    @Test
    void aSpoofedLeftmostHopIsNotBelievedBehindTrustedProxies() throws Exception {
        start(FilterSettings.custom().allowedIps("203.0.113.0/24")
                .trustedProxies("127.0.0.1", "10.0.0.0/8").build());
        controller.enter("ALL");

        assertThat(status("/", "X-Forwarded-For", "203.0.113.5, 10.0.0.2")).as("only trusted hops in front")
                .isEqualTo(200);
        assertThat(status("/", "X-Forwarded-For", "203.0.113.5, 198.51.100.7"))
                .as("198.51.100.7 is the first untrusted hop: the client").isEqualTo(503);
    }
}
