package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Retry-After}: the known end as an IMF-fixdate, seconds when it is unknown or forced. */
class RetryAfterIT {

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

    private void start(FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private Instant enterUntilSingleDigitDay() {
        // A day of the month below 10 shows the two-digit day the IMF-fixdate demands.
        Instant until = Instant.parse("2031-03-04T05:06:07Z");
        clock.set(until.minus(Duration.ofHours(2)));
        controller.enter("ALL", MaintenanceRequest.builder().until(until).build());
        return until;
    }

    @Test
    void aKnownEndIsSentAsAnImfFixdate() throws Exception {
        start(FilterSettings.ofDefaults());
        enterUntilSingleDigitDay();

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "Retry-After")).isEqualTo("Tue, 04 Mar 2031 05:06:07 GMT");
    }

    @Test
    void anUnknownEndIsSentAsSeconds() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL", MaintenanceRequest.builder().retryAfter(Duration.ofMinutes(7)).build());

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(header(r, "Retry-After")).isEqualTo("420");
    }

    @Test
    void secondsCanBeForcedForAKnownEnd() throws Exception {
        start(FilterSettings.custom().retryAfterAsDate(false).build());
        enterUntilSingleDigitDay();

        HttpResponse<String> r = Http.get(server.uri("/"));

        assertThat(header(r, "Retry-After")).matches("[0-9]+");
    }
}
