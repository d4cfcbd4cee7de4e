package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** STATS_GET: the traffic the filter measured on the session's active routes, over a real Jetty. */
class StatsTest {

    private RegistryFixture f;
    private JettyServer app;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void close() {
        f.close();
    }

    /** Answers with the status named by the last path segment ({@code /api/503}). */
    static final class StatusServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String uri = req.getRequestURI();
            resp.setStatus(Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1)));
            resp.getWriter().write("ok");
        }
    }

    private void start(boolean detailed) throws Exception {
        f = RegistryFixture.start(MaintenanceConfig.custom().detailedStatistics(detailed), b -> b);
        app = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(f.controller));
            JettyServer.addServlet(ctx, new StatusServlet(), "/*");
        });
    }

    private int get(String path) {
        return Http.get(app.uri(path)).statusCode();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stats(Wire w) throws Exception {
        String reply = w.call("STATS_GET|x");
        assertThat(reply).startsWith("STATS_OK|[");
        return (List<Map<String, Object>>) WireJson.parse(reply.substring("STATS_OK|".length()));
    }

    @Test
    void statsListTheSessionsActiveRoutesWithTheMeasuredTraffic() throws Exception {
        start(true);
        Wire w = f.session("shop", "i-1");
        assertThat(w.call("STATS_GET|x")).as("no routes: an empty array").isEqualTo("STATS_OK|[]");
        String api = w.call("ROUTE_ADD|x|*|/api|http://127.0.0.1:1|0").substring("ROUTE_OK|".length());
        String second = w.call("ROUTE_ADD|x|*|/second|http://127.0.0.1:1|0").substring("ROUTE_OK|".length());
        w.call("CONFIG_APPLY_PARTIAL|x|routes");
        String staged = w.call("ROUTE_ADD|x|*|/later|http://127.0.0.1:1|0").substring("ROUTE_OK|".length());
        Wire other = f.session("billing", "i-1");
        String billing = other.call("ROUTE_ADD|x|*|/billing|http://127.0.0.1:1|0").substring("ROUTE_OK|".length());
        other.call("CONFIG_APPLY|x");

        assertThat(get("/api/200")).isEqualTo(200);
        assertThat(get("/api/200")).isEqualTo(200);
        assertThat(get("/api/404")).isEqualTo(404);
        assertThat(get("/api/503")).isEqualTo(503);
        assertThat(get("/billing/200")).isEqualTo(200);

        List<Map<String, Object>> stats = stats(w);
        assertThat(stats).extracting(m -> m.get("route_id")).as("active routes of this session only")
                .containsExactly(api, second).doesNotContain(staged, billing);
        Map<String, Object> s = stats.stream().filter(m -> m.get("route_id").equals(api)).findFirst().orElseThrow();
        assertThat(s).containsEntry("requests", 4).containsEntry("errors", 1).containsEntry("bytes_sent", 0)
                .containsEntry("bytes_received", 0).containsEntry("exceptions", 0).containsEntry("error_rate", 0.25)
                .containsEntry("last_error", "HTTP 503").containsEntry("detailed_statistics", true)
                .containsEntry("status_codes", Map.of("200", 2, "404", 1, "503", 1));
        assertThat(((Number) s.get("avg_latency_ms")).doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(((Number) s.get("p99_latency_ms")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) s.get("p95_latency_ms")).doubleValue());
    }

    @Test
    void withoutDetailedStatisticsEverythingIsZeroAndSaysSo() throws Exception {
        start(false);
        Wire w = f.session("shop", "i-1");
        w.call("ROUTE_ADD|x|*|/api|http://127.0.0.1:1|0");
        w.call("CONFIG_APPLY|x");
        assertThat(get("/api/200")).isEqualTo(200);

        Map<String, Object> s = stats(w).get(0);

        assertThat(s).containsEntry("requests", 0).containsEntry("status_codes", Map.of())
                .containsEntry("detailed_statistics", false).doesNotContainKey("last_error");
    }
}
