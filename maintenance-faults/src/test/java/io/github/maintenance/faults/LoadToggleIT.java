package io.github.maintenance.faults;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.examples.DemoApp;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.stats.Totals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight HTTP clients on the demo while a registry session toggles {@code api} in and out of
 * maintenance 200 times: every response is either the application's (200) or the maintenance
 * page (503 with its headers), and the controller's counters match what the clients received,
 * exactly: its lifetime maintenance hits, and the sum of the hits of the maintenance windows in
 * its history.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadToggleIT {

    private static final int CLIENTS = 8;
    /** Enter and exit alternately: 100 windows, the history's default size. */
    private static final int TOGGLES = 200;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong maintenancePages = new AtomicLong();
    private final Queue<String> malformed = new ConcurrentLinkedQueue<>();

    private void client(DemoApp app, int n) {
        for (long i = n; !stop.get(); i++) {
            String path = i % 4 == 0 ? "/" : "/api/orders";
            try {
                HttpResponse<String> r = Http.get(app.uri(path));
                classify(path, r);
            } catch (RuntimeException e) {
                malformed.add(path + ": " + e);
            }
            responses.incrementAndGet();
        }
    }

    private void classify(String path, HttpResponse<String> r) {
        String body = r.body();
        if (r.statusCode() == 200 && (path.equals("/") ? body.contains("<h1>Maintenance demo</h1>")
                : body.startsWith("{\"service\":\"maintenance-demo\",\"status\":\"ok\",\"path\":\"/api/orders\""))) {
            served.incrementAndGet();
        } else if (r.statusCode() == 503 && path.startsWith("/api")
                && "true".equals(Http.header(r, "X-Maintenance-Mode"))
                && "300".equals(Http.header(r, "Retry-After"))
                && "no-store".equals(Http.header(r, "Cache-Control"))
                && body.startsWith("Down for maintenance\n")) {
            maintenancePages.incrementAndGet();
        } else {
            malformed.add(path + ": " + r.statusCode() + " " + r.headers().map() + " " + body);
        }
    }

    @Test
    void everyResponseIsWellFormedAndTheCountersMatchWhatTheClientsSaw() throws Exception {
        try (DemoApp app = DemoApp.start(Demo.options())) {
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                Thread t = new Thread(() -> client(app, n), "client-" + i);
                t.start();
                clients.add(t);
            }
            try (Wire w = Wire.connect(app.registryPort())) {
                String sid = w.register("fault-suite", "toggler", "{\"auth_token\":\"" + Demo.TOKEN + "\"}");
                for (int i = 0; i < TOGGLES; i++) {
                    long seen = responses.get();
                    // Let the clients through between two toggles: each state gets traffic.
                    await().until(() -> responses.get() >= seen + CLIENTS);
                    String command = i % 2 == 0 ? "MAINT_ENTER|" + sid + "|api|" : "MAINT_EXIT|" + sid + "|api";
                    assertThat(w.call(command)).as(command).isEqualTo("ACK");
                    assertThat(w.read()).isEqualTo("MAINT_OK|api");
                }
            } finally {
                stop.set(true);
                for (Thread t : clients) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                    assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
                }
            }

            assertThat(malformed).as("malformed responses").isEmpty();
            assertThat(served.get()).isPositive();
            assertThat(maintenancePages.get()).isPositive();
            assertThat(served.get() + maintenancePages.get()).isEqualTo(responses.get());
            assertThat(app.controller().status("api").inMaintenance()).isFalse();

            Totals totals = app.controller().totals();
            assertThat(totals.lifetimeMaintenanceHits()).as("lifetime maintenance hits")
                    .isEqualTo(maintenancePages.get());
            List<MaintenanceWindow> windows = app.controller().history().stream()
                    .filter(m -> m.routeId().equals("api")).toList();
            assertThat(windows).hasSize(TOGGLES / 2);
            assertThat(windows.stream().mapToLong(MaintenanceWindow::hits).sum()).as("hits of the history's windows")
                    .isEqualTo(maintenancePages.get());
        }
    }
}
