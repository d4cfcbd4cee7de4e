package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Requests decide without locks while the control plane changes state; counters lose nothing. */
class ConcurrencyTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 20_000;

    private static List<Future<?>> runTogether(ExecutorService pool, Runnable task) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                task.run();
                return null;
            }));
        }
        go.countDown();
        return futures;
    }

    @Test
    void hitsCountedFromManyThreadsWhileOtherRoutesChangeAreAllKept() throws Exception {
        MaintenanceConfig config = TestControllers.config(MutableClock.atDefault())
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (MaintenanceController c = MaintenanceController.create(config)) {
            c.enter("api");
            List<Future<?>> futures = runTogether(pool, () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    Decision d = c.decide("h", "/api/x");
                    if (d.action() != Action.MAINTENANCE) {
                        throw new AssertionError("api left maintenance: " + d);
                    }
                    d.recordBlocked();
                }
            });
            for (int i = 0; i < 200; i++) {
                c.enter("admin");
                c.exit("admin");
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }

            assertThat(c.status("api").maintenanceHits()).isEqualTo((long) THREADS * PER_THREAD);
            assertThat(c.history()).hasSize(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentFailuresOpenTheCircuitExactlyOnce() throws Exception {
        List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
        MaintenanceConfig config = TestControllers.config(MutableClock.atDefault())
                .circuitBreaker(CircuitBreakerConfig.custom().failureThreshold(1000)
                        .openTimeout(Duration.ofMinutes(1)).build())
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (MaintenanceController c = MaintenanceController.create(config)) {
            c.addListener(events::add);
            Decision pass = c.decide("h", "/x");
            List<Future<?>> futures = runTogether(pool, () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    pass.recordOutcome(500, false);
                }
            });
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }

            assertThat(c.status("*").circuitState()).isEqualTo(CircuitState.OPEN);
            assertThat(c.status("*").errors()).isEqualTo((long) THREADS * PER_THREAD);
            assertThat(events).extracting(MaintenanceEvent::type).containsExactly(MaintenanceEvent.Type.CIRCUIT_OPENED);
            assertThat(c.decide("h", "/x").action()).isEqualTo(Action.CIRCUIT_OPEN);
        } finally {
            pool.shutdownNow();
        }
    }
}
