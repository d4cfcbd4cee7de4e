package io.github.maintenance;

import io.github.maintenance.testing.MutableClock;

import java.time.Duration;

/** Controller configurations for tests: a hand-moved clock, no timer thread, listeners run inline. */
final class TestControllers {

    private TestControllers() {
    }

    static MaintenanceConfig.Builder config(MutableClock clock) {
        return MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName("test");
    }
}
