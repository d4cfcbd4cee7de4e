package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

/** Drain rejection shares, with a seeded random source so that every run draws the same numbers. */
class DrainStatisticsTest {

    private static final int DRAWS = 10_000;
    private static final Duration PERIOD = Duration.ofSeconds(100);

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;

    private void start(DrainPolicy policy) {
        controller = MaintenanceController.create(TestControllers.config(clock)
                .random(new Random(20_260_101L))
                .route(Route.builder("api").path("/api").build())
                .build());
        controller.startDrain(Target.parse("api"), PERIOD, policy, null, Cause.api());
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    /** Share of DRAWS requests to the draining route that are rejected at {@code elapsed}. */
    private double rejectedShareAt(Duration elapsed) {
        clock.set(controller.snapshot().state("api").drain().start().plus(elapsed));
        MaintenanceSnapshot s = controller.snapshot();
        int rejected = 0;
        for (int i = 0; i < DRAWS; i++) {
            Action a = s.decide("h", "/api/x").action();
            if (a == Action.DRAIN_REJECT) {
                rejected++;
            } else {
                assertThat(a).isEqualTo(Action.PASS);
            }
        }
        return (double) rejected / DRAWS;
    }

    @Test
    void standardPolicyRejectsTheElapsedShareAfterHalfTime() {
        start(DrainPolicy.standard());

        assertThat(rejectedShareAt(Duration.ofSeconds(75))).isCloseTo(0.75, within(0.02));
        assertThat(rejectedShareAt(Duration.ofSeconds(90))).isCloseTo(0.90, within(0.02));
    }

    @Test
    void standardPolicyRejectsNothingUpToHalfTime() {
        start(DrainPolicy.standard());

        assertThat(rejectedShareAt(Duration.ZERO)).isZero();
        assertThat(rejectedShareAt(Duration.ofSeconds(25))).isZero();
        assertThat(rejectedShareAt(Duration.ofSeconds(50))).isZero();
        assertThat(rejectedShareAt(Duration.ofMillis(50_500))).isPositive();
    }

    @Test
    void everythingIsRejectedOnceThePeriodIsOver() {
        start(DrainPolicy.standard());

        assertThat(rejectedShareAt(PERIOD)).isEqualTo(1.0);
        assertThat(rejectedShareAt(Duration.ofHours(3))).isEqualTo(1.0);
    }

    @Test
    void theEndOfThePeriodWinsOverAPolicyThatNeverRejects() {
        start(progress -> 0.0);

        assertThat(rejectedShareAt(Duration.ofSeconds(99))).isZero();
        assertThat(rejectedShareAt(PERIOD)).isEqualTo(1.0);
    }

    @Test
    void linearPolicyRejectsTheElapsedShareFromTheStart() {
        start(DrainPolicy.linear());

        assertThat(rejectedShareAt(Duration.ZERO)).isZero();
        assertThat(rejectedShareAt(Duration.ofSeconds(25))).isCloseTo(0.25, within(0.02));
        assertThat(rejectedShareAt(Duration.ofSeconds(60))).isCloseTo(0.60, within(0.02));
    }

    @Test
    void aCustomPolicyDecidesTheShare() {
        start(progress -> progress < 0.5 ? 0.1 : 1.0);

        assertThat(rejectedShareAt(Duration.ofSeconds(10))).isCloseTo(0.10, within(0.02));
        assertThat(rejectedShareAt(Duration.ofSeconds(50))).isEqualTo(1.0);
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        start(DrainPolicy.linear());
        double first = rejectedShareAt(Duration.ofSeconds(40));
        controller.close();
        start(DrainPolicy.linear());

        assertThat(rejectedShareAt(Duration.ofSeconds(40))).isEqualTo(first);
    }

    @Test
    void withoutAnInjectedSourceDrawsComeFromThreadLocalRandom() {
        controller = MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build()).build());
        controller.startDrain("api", PERIOD);

        assertThat(rejectedShareAt(Duration.ofSeconds(75))).isCloseTo(0.75, within(0.03));
    }

    @Test
    void otherRoutesAreNotDrained() {
        start(DrainPolicy.linear());
        clock.advance(Duration.ofSeconds(99));

        for (int i = 0; i < 1000; i++) {
            assertThat(controller.decide("h", "/other").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void statusShowsProgressRemainingAndRejections() {
        start(DrainPolicy.standard());
        clock.advance(Duration.ofSeconds(75));
        for (int i = 0; i < 7; i++) {
            controller.snapshot().decide("h", "/api").recordBlocked();
        }

        RouteStatus s = controller.status("api");
        assertThat(s.draining()).isTrue();
        assertThat(s.drainProgress()).isEqualTo(0.75);
        assertThat(s.drainRemaining()).isEqualTo(Duration.ofSeconds(25));
        assertThat(s.drainDuration()).isEqualTo(PERIOD);
        assertThat(s.drainRejected()).isEqualTo(7);
        assertThat(controller.totals().drainRejected()).isEqualTo(7);
        assertThat(controller.totals().draining()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(60));
        assertThat(controller.status("api").drainProgress()).isEqualTo(1.0);
        assertThat(controller.status("api").drainRemaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDrainRejectionCarriesItsPageAndRetryAfter() {
        start(DrainPolicy.standard());
        clock.advance(PERIOD);

        Decision d = controller.decide("h", "/api");
        assertThat(d.action()).isEqualTo(Action.DRAIN_REJECT);
        assertThat(d.isBlocked()).isTrue();
        assertThat(d.route().id()).isEqualTo("api");
        assertThat(d.retryAfterSeconds()).isEqualTo(MaintenanceConfig.DEFAULT_DRAIN_RETRY_AFTER.getSeconds());
        assertThat(d.page().body(io.github.maintenance.page.Variant.JSON)).contains("\"status\":\"draining\"");
        assertThat(controller.snapshot().state("api").drain().afterDrain()).isEqualTo(AfterDrain.KEEP_REJECTING);
    }
}
