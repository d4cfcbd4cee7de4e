package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.page.Variant;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.Phase;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.Totals;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

class ControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;

    private MaintenanceController start(MaintenanceConfig.Builder builder) {
        controller = MaintenanceController.create(builder
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .build());
        return controller;
    }

    private MaintenanceController start() {
        return start(TestControllers.config(clock));
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    // ---- listeners ---------------------------------------------------------------------------

    @Test
    void listenersReceiveEveryChangeInOrderOnTheEventThread() throws InterruptedException {
        start(MaintenanceConfig.custom().clock(clock).tickInterval(Duration.ZERO));
        BlockingQueue<MaintenanceEvent> received = new LinkedBlockingQueue<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        controller.addListener(e -> {
            threads.add(Thread.currentThread().getName());
            received.add(e);
        });

        controller.enter(Target.parse("api"), MaintenanceRequest.defaults(), Cause.of(Cause.Source.REGISTRY, "session-7"));
        controller.startDrain("admin", Duration.ofMinutes(5));
        controller.exit("api");

        MaintenanceEvent first = received.poll(5, TimeUnit.SECONDS);
        MaintenanceEvent second = received.poll(5, TimeUnit.SECONDS);
        MaintenanceEvent third = received.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.type()).isEqualTo(MaintenanceEvent.Type.MAINTENANCE_ENTERED);
        assertThat(first.routeIds()).containsExactly("api");
        assertThat(first.cause()).isEqualTo(Cause.of(Cause.Source.REGISTRY, "session-7"));
        assertThat(first.at()).isEqualTo(T0);
        assertThat(first.detail()).contains("page=built-in").contains("retryAfter=5m");
        assertThat(second).isNotNull();
        assertThat(second.type()).isEqualTo(MaintenanceEvent.Type.DRAIN_STARTED);
        assertThat(second.detail()).contains("duration=5m").contains("policy=standard");
        assertThat(third).isNotNull();
        assertThat(third.type()).isEqualTo(MaintenanceEvent.Type.MAINTENANCE_EXITED);
        assertThat(third.cause()).isEqualTo(Cause.api());
        assertThat(threads).containsOnly("maintenance-events");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersNorTheChange() throws InterruptedException {
        start(MaintenanceConfig.custom().clock(clock).tickInterval(Duration.ZERO));
        CountDownLatch delivered = new CountDownLatch(2);
        controller.addListener(e -> {
            throw new IllegalStateException("listener failure on purpose");
        });
        controller.addListener(e -> delivered.countDown());

        controller.enter("api");
        controller.exit("api");

        assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(controller.snapshot().state("api").phase()).isEqualTo(Phase.SERVING);
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        start();
        List<MaintenanceEvent> kept = new CopyOnWriteArrayList<>();
        List<MaintenanceEvent> removed = new CopyOnWriteArrayList<>();
        MaintenanceListener gone = removed::add;
        controller.addListener(kept::add);
        controller.addListener(gone);
        controller.enter("api");

        controller.removeListener(gone);
        controller.exit("api");

        assertThat(kept).hasSize(2);
        assertThat(removed).hasSize(1);
        assertThatThrownBy(() -> controller.addListener(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void routeChangesAreEvents() {
        start();
        List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
        controller.addListener(events::add);

        controller.putRoute(Route.builder("new").path("/new").build(), Cause.api());
        controller.putRoute(Route.builder("new").path("/newer").build(), Cause.api());
        controller.removeRoute("new", Cause.api());

        assertThat(events).extracting(MaintenanceEvent::type).containsExactly(MaintenanceEvent.Type.ROUTE_ADDED,
                MaintenanceEvent.Type.ROUTE_UPDATED, MaintenanceEvent.Type.ROUTE_REMOVED);
        assertThat(events).allSatisfy(e -> assertThat(e.routeIds()).containsExactly("new"));
    }

    // ---- status and totals --------------------------------------------------------------------

    @Test
    void aServingRouteHasAnEmptyStatus() {
        start();

        RouteStatus s = controller.status("api");

        assertThat(s.routeId()).isEqualTo("api");
        assertThat(s.route().path()).isEqualTo("/api");
        assertThat(s.phase()).isEqualTo(Phase.SERVING);
        assertThat(s.healthy()).isTrue();
        assertThat(s.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(s.circuitConfigured()).isFalse();
        assertThat(s.failures()).isZero();
        assertThat(s.successes()).isZero();
        assertThat(s.openedAt()).isNull();
        assertThat(s.lastFailure()).isNull();
        assertThat(s.inMaintenance()).isFalse();
        assertThat(s.maintenancePageUrl()).isNull();
        assertThat(s.maintenanceMessage()).isNull();
        assertThat(s.maintenanceSince()).isNull();
        assertThat(s.maintenanceUntil()).isNull();
        assertThat(s.maintenanceHits()).isZero();
        assertThat(s.draining()).isFalse();
        assertThat(s.drainStart()).isNull();
        assertThat(s.drainDuration()).isNull();
        assertThat(s.drainRemaining()).isEqualTo(Duration.ZERO);
        assertThat(s.drainProgress()).isZero();
        assertThat(s.drainRejected()).isZero();
        assertThat(s.requests()).isZero();
    }

    @Test
    void statusShowsMaintenanceWithItsPageMessageAndEnd() {
        start();
        MaintenanceRequest request = MaintenanceRequest.builder().pageUrl("https://status.example.com/down")
                .message("Database upgrade").retryAfter(Duration.ofSeconds(120)).duration(Duration.ofHours(1)).build();
        controller.enter("api", request);
        clock.advance(Duration.ofMinutes(10));
        Decision d = controller.decide("h", "/api");
        d.recordBlocked();
        d.recordBlocked();

        RouteStatus s = controller.status("api");
        assertThat(s.phase()).isEqualTo(Phase.MAINTENANCE);
        assertThat(s.inMaintenance()).isTrue();
        assertThat(s.maintenancePageUrl()).isEqualTo("https://status.example.com/down");
        assertThat(s.maintenanceMessage()).isEqualTo("Database upgrade");
        assertThat(s.maintenanceSince()).isEqualTo(T0);
        assertThat(s.maintenanceUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(s.maintenanceHits()).isEqualTo(2);

        assertThat(d.action()).isEqualTo(Action.MAINTENANCE);
        assertThat(d.pageUrl()).isEqualTo("https://status.example.com/down");
        assertThat(d.retryAfterSeconds()).isEqualTo(120);
        assertThat(d.maintenance().message()).isEqualTo("Database upgrade");
        assertThat(d.page().body(Variant.JSON)).isEqualTo(
                "{\"status\":\"maintenance\",\"message\":\"Database upgrade\",\"retry_after\":120,"
                        + "\"until\":\"2026-01-01T01:00:00Z\"}");
    }

    @Test
    void statusesListEveryRouteCatchAllFirst() {
        start();
        controller.enter("admin");

        List<RouteStatus> all = controller.statuses();

        assertThat(all).extracting(RouteStatus::routeId).containsExactly("*", "api", "admin");
        assertThat(all).extracting(RouteStatus::inMaintenance).containsExactly(false, false, true);
    }

    @Test
    void totalsSumOverRoutesAndKeepRemovedRoutesInLifetimeCounts() {
        start();
        controller.enter("api,admin");
        controller.decide("h", "/api").recordBlocked();
        controller.decide("h", "/admin").recordBlocked();
        controller.decide("h", "/admin").recordBlocked();
        controller.startDrain("*", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        controller.decide("h", "/").recordBlocked();

        Totals t = controller.totals();
        assertThat(t.routes()).isEqualTo(3);
        assertThat(t.inMaintenance()).isEqualTo(2);
        assertThat(t.draining()).isEqualTo(1);
        assertThat(t.maintenanceHits()).isEqualTo(3);
        assertThat(t.drainRejected()).isEqualTo(1);
        assertThat(t.lifetimeMaintenanceHits()).isEqualTo(3);

        controller.removeRoute("admin", Cause.api());
        Totals after = controller.totals();
        assertThat(after.routes()).isEqualTo(2);
        assertThat(after.maintenanceHits()).isEqualTo(1);
        assertThat(after.lifetimeMaintenanceHits()).isEqualTo(3);
        assertThat(controller.history()).extracting(w -> w.routeId() + ":" + w.hits()).containsExactly("admin:2");
    }

    @Test
    void detailedStatisticsCountRequestsPassedAndErrors() {
        start(TestControllers.config(clock).detailedStatistics(true));
        for (int i = 0; i < 5; i++) {
            Decision d = controller.decide("h", "/api/x");
            assertThat(d.tracksOutcome()).isTrue();
            d.recordOutcome(i == 0 ? 500 : 200, false);
        }
        controller.decide("h", "/other");

        assertThat(controller.status("api").requests()).isEqualTo(5);
        assertThat(controller.status("api").passed()).isEqualTo(5);
        assertThat(controller.status("api").errors()).isEqualTo(1);
        assertThat(controller.totals().requests()).isEqualTo(6);
        assertThat(controller.totals().passed()).isEqualTo(5);
    }

    @Test
    void detailedStatisticsMeasureTrafficPerRoute() {
        start(TestControllers.config(clock).detailedStatistics(true));
        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        controller.decide("h", "/api/x").recordOutcome(200, null, 2_000_000);
        controller.decide("h", "/api/y").recordOutcome(200, null, 4_000_000);
        controller.decide("h", "/api/z").recordOutcome(500, new IllegalStateException("db down"), 6_000_000);
        controller.decide("h", "/other").recordOutcome(404, null, 1_000_000);

        io.github.maintenance.stats.RouteTraffic api = controller.traffic("api");
        assertThat(api.requests()).isEqualTo(3);
        assertThat(api.errors()).isEqualTo(1);
        assertThat(api.exceptions()).isEqualTo(1);
        assertThat(api.avgLatencyMillis()).isEqualTo(4.0);
        assertThat(api.p99LatencyMillis()).isEqualTo(6.0);
        assertThat(api.statusCodes()).containsExactly(java.util.Map.entry(200, 2L), java.util.Map.entry(500, 1L));
        assertThat(api.lastError()).isEqualTo("java.lang.IllegalStateException: db down");
        assertThat(api.lastErrorAt()).isEqualTo(java.time.Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(controller.traffic()).extracting(t -> t.routeId() + ":" + t.requests())
                .containsExactly("*:1", "api:3", "admin:0");
        assertThat(controller.status("api").errors()).isEqualTo(1);
    }

    @Test
    void withoutDetailedStatisticsNoTrafficIsMeasured() {
        start();
        controller.enter("admin");
        controller.decide("h", "/api/x").recordOutcome(500, new IllegalStateException("boom"), 1_000_000);

        assertThat(controller.traffic("api")).isEqualTo(io.github.maintenance.stats.RouteTraffic.none("api"));
        assertThatThrownBy(() -> controller.traffic("nope")).isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void withoutDetailedStatisticsIdleRequestsAreNotMatched() {
        start();

        Decision d = controller.decide("h", "/api/x");

        assertThat(d).isSameAs(Decision.PASS);
        assertThat(d.route()).isNull();
        d.recordOutcome(500, true);
        d.recordBlocked();
        assertThat(controller.totals().requests()).isZero();
        assertThat(controller.totals().errors()).isZero();
    }

    // ---- snapshots ---------------------------------------------------------------------------

    @Test
    void aSnapshotNeverChangesAfterItWasTaken() {
        start();
        MaintenanceSnapshot before = controller.snapshot();

        controller.enter("api");
        controller.putRoute(Route.builder("late").path("/late").build(), Cause.api());
        MaintenanceSnapshot after = controller.snapshot();

        assertThat(before.decide("h", "/api").action()).isEqualTo(Action.PASS);
        assertThat(before.state("api").phase()).isEqualTo(Phase.SERVING);
        assertThat(before.state("late")).isNull();
        assertThat(before.routes().size()).isEqualTo(3);
        assertThat(before.isIdle()).isTrue();
        assertThat(after.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(after.routes().size()).isEqualTo(4);
        assertThat(after.version()).isGreaterThan(before.version());

        controller.exit("api");
        assertThat(after.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(controller.decide("h", "/api").action()).isEqualTo(Action.PASS);
    }

    @Test
    void routesAreUnmodifiableAndTheCatchAllComesFirst() {
        start();

        List<Route> routes = controller.routes();

        assertThat(routes).extracting(Route::id).containsExactly("*", "api", "admin");
        assertThatThrownBy(routes::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNewRouteInheritsMaintenanceOfAllAndAReplacedRouteKeepsItsState() {
        start();
        controller.enter("admin");
        controller.enter("ALL");
        controller.exit("admin");
        controller.putRoute(Route.builder("late").path("/late").build(), Cause.api());
        controller.putRoute(Route.builder("admin").path("/administration").build(), Cause.api());

        assertThat(controller.decide("h", "/late/x").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(controller.snapshot().state("admin").phase()).isEqualTo(Phase.SERVING);
        assertThat(controller.routes()).extracting(Route::path).contains("/administration");

        controller.exit("ALL");
        controller.putRoute(Route.builder("later").path("/later").build(), Cause.api());
        assertThat(controller.decide("h", "/later").action()).isEqualTo(Action.PASS);
    }

    // ---- bad input ---------------------------------------------------------------------------

    @Test
    void badDrainDurationsAreRefusedAndChangeNothing() {
        start();
        MaintenanceSnapshot before = controller.snapshot();

        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-5),
            Duration.ofHours(24).plusMillis(1), Duration.ofDays(30)}) {
            assertThatThrownBy(() -> controller.startDrain("api", bad))
                    .isInstanceOf(MaintenanceException.class)
                    .hasMessage("invalid duration '" + bad + "': a drain must last more than 0 and at most 24h");
        }
        assertThat(controller.snapshot()).isSameAs(before);

        assertThat(controller.startDrain("api", Duration.ofHours(24))).containsExactly("api");
    }

    @Test
    void badPageUrlsAreRefusedAndChangeNothing() {
        start(TestControllers.config(clock).urlPolicy(UrlPolicy.allowHosts(Set.of("status.example.com"))));
        MaintenanceSnapshot before = controller.snapshot();

        for (String url : new String[] {"ftp://status.example.com/", "javascript:alert(1)", "/relative",
            "https://evil.example.org/page", "https://user:pw@status.example.com/"}) {
            MaintenanceRequest r = MaintenanceRequest.builder().pageUrl(url).build();
            assertThatThrownBy(() -> controller.enter("ALL", r))
                    .isInstanceOf(MaintenanceException.class)
                    .hasMessageStartingWith("invalid maintenance page url '" + url + "': ");
        }
        assertThat(controller.snapshot()).isSameAs(before);
        assertThat(controller.routes()).hasSize(3);

        controller.enter("api", MaintenanceRequest.builder().pageUrl("https://status.example.com/x").build());
        assertThat(controller.decide("h", "/api").pageUrl()).isEqualTo("https://status.example.com/x");
    }

    @Test
    void anEndInThePastIsRefused() {
        start();
        MaintenanceSnapshot before = controller.snapshot();
        MaintenanceRequest past = MaintenanceRequest.builder().until(T0.minusSeconds(1)).build();
        MaintenanceRequest now = MaintenanceRequest.builder().until(T0).build();

        assertThatThrownBy(() -> controller.enter("api", past))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid time for 'until': '2025-12-31T23:59:59Z' (must be in the future)");
        assertThatThrownBy(() -> controller.enter("api", now)).isInstanceOf(MaintenanceException.class);
        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void badRouteOperationsAreRefusedAndChangeNothing() {
        start();
        MaintenanceSnapshot before = controller.snapshot();

        assertThatThrownBy(() -> controller.removeRoute("*", Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route id '*': the catch-all route cannot be removed");
        assertThatThrownBy(() -> controller.removeRoute("ghost", Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: ghost");
        assertThatThrownBy(() -> controller.putRoute(Route.catchAll(), Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route id '*': the catch-all route cannot be replaced");
        assertThatThrownBy(() -> controller.status(null))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: null");
        assertThatThrownBy(() -> controller.removeRoute(null, Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: null");
        assertThatThrownBy(() -> controller.configureCircuitBreaker(null, null, Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: null");
        assertThat(controller.snapshot().state(null)).isNull();
        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void nullTargetStringsAreRefused() {
        start();
        MaintenanceSnapshot before = controller.snapshot();

        assertThatThrownBy(() -> controller.enter((String) null))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target 'null': target cannot be empty");
        assertThatThrownBy(() -> controller.exit((String) null)).isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> controller.startDrain(null, Duration.ofMinutes(1)))
                .isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> controller.cancelDrain((String) null)).isInstanceOf(MaintenanceException.class);
        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void badMaintenanceRequestsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> MaintenanceRequest.builder().retryAfter(Duration.ZERO).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'retryAfter': 'PT0S' (must be at least 1 second)");
        assertThatThrownBy(() -> MaintenanceRequest.builder().retryAfter(Duration.ofSeconds(-3)).build())
                .isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> MaintenanceRequest.builder().duration(Duration.ofMinutes(-1)).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'duration': 'PT-1M' (must be positive)");
        assertThatThrownBy(() -> MaintenanceRequest.builder().until(T0).duration(Duration.ofMinutes(1)).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("give either until or duration, not both");
        assertThatThrownBy(() -> MaintenanceRequest.builder().message("x".repeat(2001)).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith("(longer than 2000 characters)");
    }

    @Test
    void badConfigValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> MaintenanceConfig.custom().retryAfter(Duration.ofMillis(500)).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'retryAfter': 'PT0.5S' (must be at least 1 second)");
        assertThatThrownBy(() -> MaintenanceConfig.custom().historySize(-1).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'historySize': '-1' (must be 0 to 10000)");
        assertThatThrownBy(() -> MaintenanceConfig.custom().historySize(10_001).build())
                .isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> MaintenanceConfig.custom().tickInterval(Duration.ofSeconds(-1)).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'tickInterval'");
        assertThatThrownBy(() -> MaintenanceConfig.custom().clock(null).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'clock': 'null' (is required)");
        assertThatThrownBy(() -> MaintenanceConfig.custom().instanceName(" ").build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'instanceName'");
    }

    @Test
    void aConfigCopiedWithFromIsEqualInEveryField() {
        MaintenanceConfig base = TestControllers.config(clock).historySize(7).detailedStatistics(true)
                .retryAfter(Duration.ofSeconds(42)).route(Route.builder("r").build()).build();

        MaintenanceConfig copy = MaintenanceConfig.from(base).build();

        assertThat(copy.historySize()).isEqualTo(7);
        assertThat(copy.detailedStatistics()).isTrue();
        assertThat(copy.retryAfter()).isEqualTo(Duration.ofSeconds(42));
        assertThat(copy.routes()).isEqualTo(base.routes());
        assertThat(copy.clock()).isSameAs(clock);
        assertThat(copy.stateStore()).isSameAs(base.stateStore());
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    private static Set<Thread> maintenanceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("maintenance-"))
                .collect(Collectors.toSet());
    }

    @Test
    void closeStopsTheTimerAndEventThreads() {
        Set<Thread> existing = maintenanceThreads();
        start(MaintenanceConfig.custom().clock(clock).tickInterval(Duration.ofMillis(50)));
        CountDownLatch heard = new CountDownLatch(1);
        controller.addListener(e -> heard.countDown());
        controller.enter("api");
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.getCount() == 0);

        Set<Thread> own = maintenanceThreads();
        own.removeAll(existing);
        assertThat(own).extracting(Thread::getName).contains("maintenance-timer", "maintenance-events");
        assertThat(own).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

        controller.close();
        controller.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> own.stream().noneMatch(Thread::isAlive));
        assertThatThrownBy(() -> controller.enter("api"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the maintenance controller is closed");
    }

    @Test
    void theTimerAppliesEndTimesByItself() {
        MutableClock moving = MutableClock.atDefault();
        start(MaintenanceConfig.custom().clock(moving).tickInterval(Duration.ofMillis(10)));
        controller.enter("api", MaintenanceRequest.builder().duration(Duration.ofMinutes(1)).build());

        moving.advance(Duration.ofMinutes(1));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> controller.snapshot().state("api").phase() == Phase.SERVING);
        assertThat(controller.history()).singleElement()
                .satisfies(w -> assertThat(w.endedBy()).isEqualTo(Cause.timer()));
    }
}
