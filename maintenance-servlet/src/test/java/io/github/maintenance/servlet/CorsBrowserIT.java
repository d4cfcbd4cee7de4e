package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.servlet.testing.HeadlessChromium;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeOptions;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * A single-page application in a real headless Chromium, loaded from one loopback origin, calls
 * the application on another (another port) while it is in maintenance: with the origin allowed,
 * the browser's preflight (the call sends a custom header) is answered by the filter and the
 * script reads the 503 JSON, its {@code Retry-After} and {@code X-Maintenance-Mode}, and the
 * status endpoint; without it, the browser refuses the script the answer.
 */
@Timeout(120)
class CorsBrowserIT {

    private static final String FETCH = """
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {headers: {'Accept': 'application/json', 'X-Requested-With': 'spa'}})
                .then(r => r.text().then(body => done({status: r.status, body: body,
                        retryAfter: r.headers.get('Retry-After'), mode: r.headers.get('X-Maintenance-Mode')})))
                .catch(e => done({error: String(e)}));
            """;

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController allowing;
    private MaintenanceController refusing;
    private HeadlessChromium chromium;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            for (MaintenanceController c : new MaintenanceController[] {allowing, refusing}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** Serves the single-page application's (empty) page. */
    static final class SpaPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = "<!doctype html><html><head><title>spa</title></head><body>spa</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/html;charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    @Test
    void aPageOnAnotherOriginReadsTheMaintenanceJsonOnlyWhenItsOriginIsAllowed() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        JettyServer spa = jetty.start(ctx -> JettyServer.addServlet(ctx, new SpaPage(), "/*"));
        String origin = "http://127.0.0.1:" + spa.port();
        allowing = MaintenanceController.create(Apps.config(clock).build());
        refusing = MaintenanceController.create(Apps.config(clock).build());
        JettyServer allowingApp = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(allowing, FilterSettings.custom()
                    .corsAllowedOrigins(origin).statusPath("/maintenance-status").build()));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
        JettyServer refusingApp = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(refusing, FilterSettings.ofDefaults()));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
        allowing.enter("ALL", MaintenanceRequest.builder().message("Upgrading the database").build());
        refusing.enter("ALL");

        chromium = HeadlessChromium.start(new ChromeOptions(), "800,600");
        chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        chromium.driver().get(spa.uri("/").toString());

        Map<String, Object> blocked = fetch(allowingApp.uri("/api/orders").toString());
        assertThat(blocked).doesNotContainKey("error").containsEntry("retryAfter", "300").containsEntry("mode", "true");
        assertThat(((Number) blocked.get("status")).intValue()).isEqualTo(503);
        assertThat(JSON.std.mapFrom((String) blocked.get("body"))).containsEntry("message", "Upgrading the database");

        Map<String, Object> status = fetch(allowingApp.uri("/maintenance-status?path=/api").toString());
        assertThat(((Number) status.get("status")).intValue()).isEqualTo(200);
        assertThat(JSON.std.mapFrom((String) status.get("body"))).containsEntry("maintenance", true)
                .containsEntry("mode", "full");

        Map<String, Object> refused = fetch(refusingApp.uri("/api/orders").toString());
        assertThat(refused).containsKey("error").doesNotContainKey("status");
        assertThat((String) refused.get("error")).contains("TypeError");
        // The page got the real request through: one maintenance hit, the preflight not counted.
        assertThat(allowing.status("*").maintenanceHits()).isEqualTo(1);
    }

    private Map<String, Object> fetch(String url) {
        Object result = chromium.driver().executeAsyncScript(FETCH, url);
        assertThat(result).as("the script's answer for " + url).isInstanceOf(Map.class);
        Map<String, Object> answer = new java.util.HashMap<>();
        ((Map<?, ?>) result).forEach((k, v) -> answer.put(String.valueOf(k), v));
        return answer;
    }
}
