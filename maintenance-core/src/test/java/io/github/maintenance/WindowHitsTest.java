package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A maintenance window's hits are the requests that window blocked: a blocked request still being
 * answered when its window closes counts in that window, never in the next one nor nowhere.
 */
class WindowHitsTest {

    private static final int THREADS = 4;
    private static final int TOGGLES = 300;

    private static MaintenanceController controller() {
        return MaintenanceController.create(TestControllers.config(MutableClock.atDefault())
                .historySize(10_000)
                .route(Route.builder("api").path("/api").build())
                .build());
    }

    @Test
    void aHitAnsweredAfterItsWindowClosedCountsInThatWindow() {
        try (MaintenanceController c = controller()) {
            c.enter("api");
            Decision first = c.decide("h", "/api/x");
            c.exit("api");
            first.recordBlocked();

            assertThat(c.history()).extracting(MaintenanceWindow::hits).containsExactly(1L);
        }
    }

    @Test
    void aHitOfAnEarlierWindowAnsweredDuringTheNextOneStaysInTheEarlierOne() {
        try (MaintenanceController c = controller()) {
            c.enter("api");
            Decision first = c.decide("h", "/api/x");
            c.exit("api");
            c.enter("api");
            first.recordBlocked();
            c.decide("h", "/api/x").recordBlocked();
            c.decide("h", "/api/x").recordBlocked();
            c.exit("api");

            assertThat(c.history()).extracting(MaintenanceWindow::hits).containsExactly(1L, 2L);
        }
    }

    @Test
    @Timeout(60)
    void windowsHitsAddUpToEveryBlockedRequestWhileMaintenanceIsToggled() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (MaintenanceController c = controller()) {
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(THREADS);
            List<Future<Long>> deciders = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                deciders.add(pool.submit(() -> {
                    started.countDown();
                    go.await();
                    long blocked = 0;
                    while (!stop.get()) {
                        Decision d = c.decide("h", "/api/x");
                        if (d.action() == Action.MAINTENANCE) {
                            Thread.onSpinWait(); // the response being written while the control plane moves on
                            d.recordBlocked();
                            blocked++;
                        }
                    }
                    return blocked;
                }));
            }
            started.await();
            go.countDown();
            for (int i = 0; i < TOGGLES; i++) {
                c.enter("api");
                c.exit("api");
            }
            stop.set(true);
            long blocked = 0;
            for (Future<Long> f : deciders) {
                blocked += f.get(30, TimeUnit.SECONDS);
            }

            List<MaintenanceWindow> windows = c.history();
            assertThat(windows).hasSize(TOGGLES);
            assertThat(windows.stream().mapToLong(MaintenanceWindow::hits).sum()).isEqualTo(blocked);
        } finally {
            pool.shutdownNow();
        }
    }
}
