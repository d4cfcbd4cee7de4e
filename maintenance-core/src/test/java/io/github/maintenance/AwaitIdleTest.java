package io.github.maintenance;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MaintenanceController#awaitIdle}: the waiting thread sleeps until a tracked request ends
 * (no polling), returns {@code false} when time runs out, and needs in-flight tracking.
 */
@Timeout(30)
class AwaitIdleTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final Route api = Route.builder("api").path("/api").build();
    private final Route web = Route.builder("web").path("/").build();
    private MaintenanceController controller;
    private Thread waiter;

    @AfterEach
    void close() throws InterruptedException {
        if (waiter != null) {
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (controller != null) {
            controller.close();
        }
    }

    private MaintenanceController tracked() {
        controller = MaintenanceController.create(TestControllers.config(clock).route(api).route(web)
                .trackInFlight(true).build());
        return controller;
    }

    /** Runs {@code awaitIdle} on a thread of its own; the result completes when it returns. */
    private CompletableFuture<Boolean> waitOn(Target target, Duration timeout) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        waiter = new Thread(() -> {
            try {
                result.complete(controller.awaitIdle(target, timeout));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "await-idle");
        waiter.start();
        await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        return result;
    }

    @Test
    void returnsAtOnceWhenNothingIsInFlight() throws Exception {
        MaintenanceController c = tracked();
        assertThat(c.awaitIdle(Target.all(), Duration.ZERO)).isTrue();
        assertThat(c.awaitIdle(Target.of("api"), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void theWaiterWakesWhenTheLastRequestOfTheTargetEnds() throws Exception {
        MaintenanceController c = tracked();
        Decision first = c.decide("localhost", "/api/orders");
        Decision second = c.decide("localhost", "/api/users");
        Decision elsewhere = c.decide("localhost", "/home");
        first.inFlightStarted();
        second.inFlightStarted();
        elsewhere.inFlightStarted();
        c.enter("api");

        CompletableFuture<Boolean> idle = waitOn(Target.of("api"), Duration.ofMinutes(5));
        first.inFlightEnded();
        assertThat(idle).as("one request of the target is still in the application").isNotDone();

        second.inFlightEnded();

        // Five minutes of time-out: only the wake-up of the ending request returns it this soon.
        assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c.inFlight(Target.of("api"))).isZero();
        assertThat(c.inFlight(Target.all())).as("the other route's request is not waited for").isEqualTo(1);
        elsewhere.inFlightEnded();
    }

    @Test
    void timeRunningOutReturnsFalseAndTheCountStays() throws Exception {
        MaintenanceController c = tracked();
        Decision d = c.decide("localhost", "/api");
        d.inFlightStarted();

        assertThat(c.awaitIdle(Target.of("/api"), Duration.ofMillis(50))).isFalse();
        assertThat(c.awaitIdle(Target.of("api"), Duration.ZERO)).isFalse();
        assertThat(c.inFlight(Target.of("api"))).isEqualTo(1);
        d.inFlightEnded();
        assertThat(c.awaitIdle(Target.of("api"), Duration.ZERO)).isTrue();
    }

    @Test
    void requestsLetThroughWhileDrainingAreCountedAndWaitedFor() throws Exception {
        MaintenanceController c = tracked();
        c.startDrain("api", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10)); // drained: every request is rejected
        c.enter("web");
        Decision draining = c.decide("localhost", "/api");
        Decision maintenance = c.decide("localhost", "/home");
        assertThat(draining.action()).isEqualTo(Decision.Action.DRAIN_REJECT);
        assertThat(draining.tracksInFlight()).isTrue();
        assertThat(maintenance.tracksInFlight()).isTrue();
        draining.inFlightStarted(); // an exempt request, say
        maintenance.inFlightStarted();
        assertThat(c.inFlight(Target.all())).isEqualTo(2);

        CompletableFuture<Boolean> idle = waitOn(Target.all(), Duration.ofMinutes(5));
        draining.inFlightEnded();
        maintenance.inFlightEnded();
        assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void removingTheLastBusyRouteWakesTheWaiter() throws Exception {
        MaintenanceController c = tracked();
        Decision d = c.decide("localhost", "/api");
        d.inFlightStarted();
        CompletableFuture<Boolean> idle = waitOn(Target.of("/api"), Duration.ofMinutes(5));

        c.removeRoute("api", Cause.api());

        assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterruptedWaiterStopsWaiting() throws Exception {
        MaintenanceController c = tracked();
        c.decide("localhost", "/api").inFlightStarted();
        CompletableFuture<Boolean> idle = waitOn(Target.all(), Duration.ofMinutes(5));

        waiter.interrupt();

        AtomicReference<Throwable> failure = new AtomicReference<>();
        idle.handle((v, t) -> {
            failure.set(t);
            return v;
        }).get(10, TimeUnit.SECONDS);
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void badArgumentsAreRefused() {
        MaintenanceController c = tracked();
        assertThatThrownBy(() -> c.awaitIdle(Target.of("nope"), Duration.ZERO))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> c.awaitIdle(Target.all(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutTrackingWaitingIsRefusedWithAClearMessage() {
        controller = MaintenanceController.create(TestControllers.config(clock).route(api).build());
        assertThatThrownBy(() -> controller.awaitIdle(Target.all(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not tracked").hasMessageContaining("trackInFlight");
        assertThat(controller.decide("localhost", "/api").tracksInFlight()).isFalse();
    }
}
