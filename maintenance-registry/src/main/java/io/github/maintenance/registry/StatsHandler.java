package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.StatsRequest;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.stats.RouteTraffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code STATS_GET} and {@code BACKEND_TEST} (docs/registry-protocol.md §9), and the
 * {@code MAINT_CLUSTER} extension. {@code BACKEND_TEST} and {@code MAINT_CLUSTER} run without the
 * state lock: they wait for the network.
 *
 * <p>Thread-safe.
 */
final class StatsHandler {

    private final MaintenanceController controller;
    private final Outbound outbound;
    private final Duration backendTestTimeout;

    StatsHandler(MaintenanceController controller, Outbound outbound, Duration backendTestTimeout) {
        this.controller = controller;
        this.outbound = outbound;
        this.backendTestTimeout = backendTestTimeout;
    }

    /**
     * {@code STATS_GET}: one element per route of the session in force, with the traffic the
     * filter measured (all zero, and {@code "detailed_statistics":false}, unless the controller
     * counts detailed statistics). Byte counters are not measured and stay 0. Called under the
     * state lock.
     */
    Outcome stats(Session s) {
        boolean detailed = controller.config().detailedStatistics();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : s.config.routes.active().keySet()) {
            RouteTraffic t;
            try {
                t = controller.traffic(id);
            } catch (MaintenanceException e) {
                continue;
            }
            Map<String, Object> codes = new LinkedHashMap<>();
            t.statusCodes().forEach((code, n) -> codes.put(Integer.toString(code), n));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route_id", id);
            m.put("requests", t.requests());
            m.put("errors", t.errors());
            m.put("avg_latency_ms", t.avgLatencyMillis());
            m.put("p95_latency_ms", t.p95LatencyMillis());
            m.put("p99_latency_ms", t.p99LatencyMillis());
            m.put("bytes_sent", 0);
            m.put("bytes_received", 0);
            m.put("status_codes", codes);
            m.put("exceptions", t.exceptions());
            m.put("error_rate", t.errorRate());
            if (t.lastError() != null) {
                m.put("last_error", t.lastError());
                m.put("last_error_at", WireTime.format(t.lastErrorAt()));
            }
            m.put("detailed_statistics", detailed);
            out.add(m);
        }
        return Outcome.json(Reply.STATS_OK, out);
    }

    /** {@code BACKEND_TEST}: any HTTP answer is {@code BACKEND_OK}; no answer, or an unusable URL, {@code BACKEND_FAIL}. */
    Outcome backendTest(StatsRequest.BackendTest r) {
        if (r.uri() == null) {
            return fail(Reply.INVALID_URL);
        }
        Outbound.Result result;
        try {
            result = outbound.get(r.uri(), backendTestTimeout)
                    .get(backendTestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Outbound.Result(0, false, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            result = new Outbound.Result(0, false, "timed out");
        }
        if (!result.answered()) {
            return fail(result.error());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reachable", true);
        m.put("status_code", result.status());
        m.put("tls_valid", result.tls());
        return Outcome.json(Reply.BACKEND_OK, m);
    }

    /**
     * {@code MAINT_CLUSTER}: the controller's cluster view as one JSON object (see
     * {@link ClusterDocument}). Called without the state lock: it reads the shared store.
     */
    Outcome cluster() {
        return ClusterDocument.reply(controller);
    }

    private static Outcome fail(String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reachable", false);
        m.put("error", error);
        return Outcome.json(Reply.BACKEND_FAIL, m);
    }
}
