package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.stats.Totals;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client threads against a real server while another thread toggles maintenance and drain: every
 * response is whole and consistent, and the counters match what the clients saw exactly.
 */
class ConcurrencyIT {

    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 250;
    private static final String MAINTENANCE_BODY = PageSettings.DEFAULT_TITLE + "\n" + PageSettings.DEFAULT_MESSAGE + "\n";
    private static final String DRAIN_BODY = "Service draining\nService draining\n";

    private final MutableClock clock = MutableClock.atDefault();
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong maintenance = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final Semaphore sawPass = new Semaphore(0);
    private final Semaphore sawBlocked = new Semaphore(0);
    private final Queue<String> inconsistent = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    // While a drain is in force every request is rejected: the shares are not under test here.
    private final MaintenanceController controller =
            MaintenanceController.create(Apps.config(clock).drainPolicy(progress -> 1.0).build());

    @RegisterExtension
    final JettyServerExtension server = JettyServerExtension.builder()
            .filter(() -> new MaintenanceFilter(controller))
            .servlet(Apps.OkServlet::new, "/*")
            .build();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        controller.close();
    }

    @Test
    void togglingMaintenanceUnderLoadGivesWholeResponsesAndExactCounters() throws Exception {
        int toggles = run(false);

        assertThat(inconsistent).as("inconsistent responses").isEmpty();
        assertThat(passed.get() + maintenance.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(passed.get()).isPositive();
        assertThat(maintenance.get()).isPositive();
        assertThat(drained.get()).isZero();
        assertThat(toggles).isGreaterThanOrEqualTo(2);
        Totals totals = controller.totals();
        assertThat(totals.lifetimeMaintenanceHits()).isEqualTo(maintenance.get());
        assertThat(totals.lifetimeDrainRejected()).isZero();
    }

    @Test
    void togglingMaintenanceAndDrainUnderLoadGivesWholeResponsesAndExactCounters() throws Exception {
        int toggles = run(true);

        assertThat(inconsistent).as("inconsistent responses").isEmpty();
        assertThat(passed.get() + maintenance.get() + drained.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(passed.get()).isPositive();
        assertThat(maintenance.get()).isPositive();
        assertThat(drained.get()).isPositive();
        assertThat(toggles).isGreaterThanOrEqualTo(4);
        Totals totals = controller.totals();
        assertThat(totals.lifetimeMaintenanceHits()).isEqualTo(maintenance.get());
        assertThat(totals.lifetimeDrainRejected()).isEqualTo(drained.get());
    }

    /**
     * Runs the clients and, until they finish, the toggler. Each phase lasts until a client has
     * seen a response of that phase (or a second has passed), so that every kind of response
     * occurs whatever the machine's speed. Returns the number of changes made.
     */
    private int run(boolean withDrain) throws Exception {
        AtomicBoolean clientsDone = new AtomicBoolean();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    check(Http.get(server.uri("/c" + client + "/" + i)), "/c" + client + "/" + i);
                }
                return null;
            }));
        }
        Future<Integer> toggler = pool.submit(() -> {
            int changes = 0;
            int round = 0;
            while (!clientsDone.get()) {
                boolean drain = withDrain && round++ % 2 == 1;
                sawBlocked.drainPermits();
                if (drain) {
                    controller.startDrain("ALL", Duration.ofMinutes(5));
                } else {
                    controller.enter("ALL");
                }
                changes++;
                sawBlocked.tryAcquire(1, TimeUnit.SECONDS);
                sawPass.drainPermits();
                if (drain) {
                    controller.cancelDrain("ALL");
                } else {
                    controller.exit("ALL");
                }
                changes++;
                sawPass.tryAcquire(1, TimeUnit.SECONDS);
            }
            return changes;
        });
        try {
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clientsDone.set(true);
        }
        return toggler.get(10, TimeUnit.SECONDS);
    }

    private void check(HttpResponse<String> r, String path) {
        if (r.statusCode() == 200 && r.body().equals("app GET " + path) && "yes".equals(header(r, "X-App"))
                && header(r, "X-Maintenance-Mode") == null && header(r, "X-Drain-Mode") == null) {
            passed.incrementAndGet();
            sawPass.release();
        } else if (r.statusCode() == 503 && "true".equals(header(r, "X-Maintenance-Mode"))
                && "300".equals(header(r, "Retry-After")) && "no-store".equals(header(r, "Cache-Control"))
                && header(r, "X-Drain-Mode") == null && header(r, "X-App") == null
                && r.body().equals(MAINTENANCE_BODY)) {
            maintenance.incrementAndGet();
            sawBlocked.release();
        } else if (r.statusCode() == 503 && "true".equals(header(r, "X-Drain-Mode"))
                && "60".equals(header(r, "Retry-After")) && "close".equals(header(r, "Connection"))
                && header(r, "X-Maintenance-Mode") == null && header(r, "X-App") == null
                && r.body().equals(DRAIN_BODY)) {
            drained.incrementAndGet();
            sawBlocked.release();
        } else {
            inconsistent.add(path + " -> " + r.statusCode() + " " + r.headers().map() + " " + r.body());
        }
    }
}
