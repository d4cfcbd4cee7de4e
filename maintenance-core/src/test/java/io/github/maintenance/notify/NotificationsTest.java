package io.github.maintenance.notify;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Notifications} on a real controller with a hand-moved clock and events delivered inline. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotificationsTest {

    private static final Cause OPS = Cause.of(Cause.Source.REGISTRY, "ops");

    private final MutableClock clock = MutableClock.atDefault();
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;
    private Notifications notifications;

    private void start(MaintenanceConfig.Builder config, AlertRules rules) {
        controller = MaintenanceController.create(config
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName("web-1")
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .build());
        notifications = Notifications.attach(controller, sent::add, rules);
    }

    private void start() {
        start(MaintenanceConfig.custom(), AlertRules.none());
    }

    @AfterEach
    void stop() {
        if (notifications != null) {
            notifications.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    private List<NotificationType> types() {
        return sent.stream().map(Notification::type).toList();
    }

    private void blocked(String path, int n) {
        for (int i = 0; i < n; i++) {
            Decision d = controller.decide("h", path);
            assertThat(d.isBlocked()).isTrue();
            d.recordBlocked();
        }
    }

    @Test
    void enterAndExitAreNotifiedWithTheirCause() {
        start();
        Instant at = clock.instant();

        controller.enter(Target.parse("admin"), MaintenanceRequest.builder().message("upgrade").build(), OPS);
        controller.exit(Target.parse("admin"), Cause.api("deploy-job"));

        assertThat(types()).containsExactly(NotificationType.MAINTENANCE_ENTERED, NotificationType.MAINTENANCE_EXITED);
        Notification entered = sent.get(0);
        assertThat(entered.instance()).isEqualTo("web-1");
        assertThat(entered.at()).isEqualTo(at);
        assertThat(entered.routeIds()).containsExactly("admin");
        assertThat(entered.cause()).isEqualTo(OPS);
        assertThat(sent.get(1).cause()).isEqualTo(Cause.api("deploy-job"));
    }

    @Test
    void aDrainIsNotifiedAndSoIsTheMaintenanceItEndsIn() {
        start();

        controller.startDrain(Target.parse("api"), Duration.ofMinutes(5), null, AfterDrain.ENTER_MAINTENANCE, OPS);
        clock.advance(Duration.ofMinutes(5));
        controller.tick();

        assertThat(types()).containsExactly(NotificationType.DRAIN_STARTED, NotificationType.MAINTENANCE_ENTERED);
        assertThat(sent).allSatisfy(n -> assertThat(n.routeIds()).containsExactly("api"));
    }

    @Test
    void aScheduleIsAnnouncedThenStarted() {
        start();
        Instant begin = clock.instant().plus(Duration.ofHours(1));

        controller.schedule(Target.parse("admin"), begin, begin.plus(Duration.ofHours(1)),
                MaintenanceRequest.defaults(), OPS);
        clock.set(begin);
        controller.tick();

        assertThat(types()).containsExactly(NotificationType.SCHEDULE_ANNOUNCED, NotificationType.SCHEDULE_STARTED);
        assertThat(sent.get(0).cause()).isEqualTo(OPS);
        assertThat(sent.get(1).cause().source()).isEqualTo(Cause.Source.SCHEDULE);
        assertThat(sent.get(1).at()).isEqualTo(begin);
    }

    @Test
    void aStuckMaintenanceIsNotified() {
        start(MaintenanceConfig.custom().stuckAfter(Duration.ofHours(2)), AlertRules.none());
        controller.enter("api");

        clock.advance(Duration.ofHours(2));
        controller.tick();

        assertThat(types()).containsExactly(NotificationType.MAINTENANCE_ENTERED, NotificationType.MAINTENANCE_STUCK);
        assertThat(sent.get(1).detail()).contains("stuckAfter=2h");
    }

    @Test
    void anOpeningCircuitBreakerIsNotified() {
        start(MaintenanceConfig.custom().circuitBreaker(CircuitBreakerConfig.custom().failureThreshold(2)
                .failureWindow(Duration.ofMinutes(1)).openTimeout(Duration.ofSeconds(30)).build()), AlertRules.none());

        for (int i = 0; i < 2; i++) {
            controller.decide("h", "/api/x").recordOutcome(503, false);
        }

        assertThat(types()).containsExactly(NotificationType.CIRCUIT_OPENED);
        assertThat(sent.get(0).routeIds()).containsExactly("api");
        assertThat(sent.get(0).cause().source()).isEqualTo(Cause.Source.CIRCUIT_BREAKER);
    }

    @Test
    void routeChangesAreNotNotifiedAndNothingIsAfterClose() {
        start();
        controller.putRoute(Route.builder("shop").path("/shop").build(), OPS);
        assertThat(sent).isEmpty();

        notifications.close();
        controller.enter("api");

        assertThat(sent).isEmpty();
    }

    @Test
    void theHitRateRuleFiresOncePerEpisode() {
        start(MaintenanceConfig.custom(), AlertRules.custom().hitsPerMinuteAbove(5).checkInterval(Duration.ZERO));
        controller.enter("api");
        notifications.checkNow(); // baseline

        blocked("/api/x", 5);
        clock.advance(Duration.ofMinutes(1));
        notifications.checkNow();
        assertThat(sent).filteredOn(n -> n.type() == NotificationType.HITS_ABOVE_THRESHOLD).isEmpty();

        blocked("/api/x", 6);
        clock.advance(Duration.ofMinutes(1));
        notifications.checkNow();
        blocked("/api/x", 50);
        clock.advance(Duration.ofMinutes(1));
        notifications.checkNow();
        List<Notification> alerts = sent.stream().filter(n -> n.type() == NotificationType.HITS_ABOVE_THRESHOLD)
                .toList();
        assertThat(alerts).singleElement().satisfies(n -> {
            assertThat(n.routeIds()).containsExactly("api");
            assertThat(n.cause()).isEqualTo(Cause.timer());
            assertThat(n.detail()).isEqualTo("6 maintenance responses in 1m (6 per minute), hitsPerMinuteAbove=5");
        });

        clock.advance(Duration.ofMinutes(1));
        notifications.checkNow(); // a quiet minute clears the rule
        blocked("/api/x", 12);
        clock.advance(Duration.ofMinutes(2));
        notifications.checkNow();

        assertThat(sent).filteredOn(n -> n.type() == NotificationType.HITS_ABOVE_THRESHOLD).hasSize(2);
    }

    @Test
    void theLongMaintenanceRuleFiresOncePerEpisode() {
        start(MaintenanceConfig.custom(), AlertRules.custom().maintenanceLongerThan(Duration.ofHours(1))
                .checkInterval(Duration.ZERO));
        controller.enter("admin");

        clock.advance(Duration.ofMinutes(59));
        notifications.checkNow();
        assertThat(types()).doesNotContain(NotificationType.MAINTENANCE_LONGER_THAN);

        clock.advance(Duration.ofMinutes(1));
        notifications.checkNow();
        clock.advance(Duration.ofHours(3));
        notifications.checkNow();
        assertThat(sent).filteredOn(n -> n.type() == NotificationType.MAINTENANCE_LONGER_THAN).singleElement()
                .satisfies(n -> assertThat(n.routeIds()).containsExactly("admin"));

        controller.exit("admin");
        notifications.checkNow();
        controller.enter("admin");
        clock.advance(Duration.ofHours(1));
        notifications.checkNow();

        assertThat(sent).filteredOn(n -> n.type() == NotificationType.MAINTENANCE_LONGER_THAN).hasSize(2);
    }

    @Test
    void theHandlesThreadChecksTheRulesAtItsInterval() {
        start(MaintenanceConfig.custom(), AlertRules.custom().maintenanceLongerThan(Duration.ofHours(1))
                .checkInterval(Duration.ofMillis(5)));
        controller.enter("admin");

        clock.advance(Duration.ofHours(1));

        await().until(() -> types().contains(NotificationType.MAINTENANCE_LONGER_THAN));
        notifications.close();
        controller.exit("admin");
        controller.enter("admin");
        clock.advance(Duration.ofHours(1));
        notifications.checkNow();
        assertThat(sent).filteredOn(n -> n.type() == NotificationType.MAINTENANCE_LONGER_THAN).hasSize(1);
    }

    @Test
    void aNotifierThatThrowsDoesNotDisturbTheController() {
        controller = MaintenanceController.create(MaintenanceConfig.custom().clock(clock).tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run).route(Route.builder("api").path("/api").build()).build());
        notifications = Notifications.attach(controller, n -> {
            throw new IllegalStateException("boom");
        });

        controller.enter("api");

        assertThat(controller.status("api").inMaintenance()).isTrue();
    }

    @Test
    void aControllerChangeReachesAWebhookReceiverSigned() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             WebhookNotifier webhook = WebhookNotifier.builder().url(receiver.url()).secret("s3cret-s3cret").build()) {
            start();
            notifications.close();
            notifications = Notifications.attach(controller, webhook);

            controller.enter(Target.parse("admin"), MaintenanceRequest.defaults(), OPS);

            await().until(() -> webhook.sent() == 1);
            WebhookReceiver.Received m = receiver.received().get(0);
            assertThat(WebhookSignature.verify("s3cret-s3cret", m.id(), m.timestamp(), m.body(), m.signature(),
                    Instant.now())).isTrue();
            assertThat(m.text()).startsWith("{\"type\":\"maintenance_entered\",\"instance\":\"web-1\",\"time\":\""
                    + clock.instant() + "\",\"routes\":[\"admin\"],\"source\":\"registry\",\"actor\":\"ops\"");
        }
    }
}
