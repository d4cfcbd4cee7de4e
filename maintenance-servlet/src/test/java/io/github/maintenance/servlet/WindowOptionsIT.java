package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The status and redirect a maintenance entry gives override the filter's configured ones. */
class WindowOptionsIT {

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

    private void start() throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, FilterSettings.ofDefaults()));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void enter(WindowOptions options) {
        controller.enter("ALL", MaintenanceRequest.builder().options(options).build());
    }

    @Test
    void theWindowsStatusReplacesTheConfiguredOne() throws Exception {
        start();
        enter(WindowOptions.builder().status(502).build());

        HttpResponse<String> r = Http.get(server.uri("/a"), "Accept", "application/json");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(r.body()).startsWith("{");
    }

    @Test
    void theWindowsRedirectIsAnsweredWith302AndNoBody() throws Exception {
        start();
        enter(WindowOptions.builder().redirect("/status.html").build());

        HttpResponse<String> r = Http.get(server.uri("/a"));

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Location")).isEqualTo("/status.html");
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isNotNull();
        assertThat(r.body()).isEmpty();
    }

    @Test
    void theWindowsRedirectTakesTheWindowsRedirectStatus() throws Exception {
        start();
        enter(WindowOptions.builder().redirect("/status.html").status(307).build());

        HttpResponse<String> r = Http.get(server.uri("/a"));

        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(header(r, "Location")).isEqualTo("/status.html");
    }

    @Test
    void aNewEnterReplacesTheOptions() throws Exception {
        start();
        enter(WindowOptions.builder().status(502).build());
        enter(WindowOptions.DEFAULTS);

        assertThat(Http.get(server.uri("/a")).statusCode()).isEqualTo(503);
    }
}
