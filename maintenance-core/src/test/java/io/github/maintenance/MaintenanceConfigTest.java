package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

/**
 * The settings object itself: every value set on the builder comes out of the built config and
 * out of a copy made with {@code from}, a built config does not change when its builder or a copy
 * does, and the builder reports the first invalid value in a fixed order.
 */
class MaintenanceConfigTest {

    private static final PageTemplate BLUE = PageTemplate.of("<main class=blue>{{message}}</main>");
    private static final PageTemplate RED = PageTemplate.of("<main class=red>{{message}}</main>");

    private final MutableClock clock = MutableClock.atDefault();
    private final Random random = new Random(7);
    private final StateStore store = new InMemoryStateStore();
    private final Executor executor = Runnable::run;
    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private final PageSettings page = PageSettings.ofDefaults().withTitle("Back soon");
    private final UrlPolicy urls = UrlPolicy.allowHosts(Set.of("localhost"));
    private final CircuitBreakerConfig breaker = CircuitBreakerConfig.custom().failureThreshold(3).build();
    private final CircuitBreakerConfig apiBreaker = CircuitBreakerConfig.custom().failureThreshold(9).build();

    /** Every setting away from its default. */
    private MaintenanceConfig.Builder everySetting() {
        return MaintenanceConfig.custom()
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("shop").path("/shop").build())
                .clock(clock)
                .random(random)
                .drainPolicy(DrainPolicy.linear())
                .afterDrain(AfterDrain.ENTER_MAINTENANCE)
                .retryAfter(Duration.ofSeconds(42))
                .drainRetryAfter(Duration.ofSeconds(7))
                .detailedStatistics(true)
                .trackInFlight(true)
                .historySize(5)
                .circuitBreaker(breaker)
                .circuitBreaker("api", apiBreaker)
                .pageSettings(page)
                .pageTemplate("red", RED)
                .pageTemplate("blue", BLUE)
                .urlPolicy(urls)
                .stateStore(store)
                .eventExecutor(executor)
                .tickInterval(Duration.ZERO)
                .stuckAfter(Duration.ofHours(2))
                .maxDuration(Duration.ofHours(6))
                .instanceName("node-1")
                .clusterHeartbeat(Duration.ofSeconds(30))
                .onDamagedState(DamagedStatePolicy.MAINTENANCE)
                .refuseChangesWhenStoreUnavailable(true)
                .jmxDomain("shop.maintenance")
                .jmxServer(mbeans);
    }

    private void assertEverySetting(MaintenanceConfig c) {
        assertThat(c.routes()).extracting(Route::id).containsExactly("api", "shop");
        assertThat(c.clock()).isSameAs(clock);
        assertThat(c.random()).isSameAs(random);
        assertThat(c.drainPolicy()).isSameAs(DrainPolicy.linear());
        assertThat(c.afterDrain()).isEqualTo(AfterDrain.ENTER_MAINTENANCE);
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(42));
        assertThat(c.drainRetryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.detailedStatistics()).isTrue();
        assertThat(c.trackInFlight()).isTrue();
        assertThat(c.historySize()).isEqualTo(5);
        assertThat(c.circuitBreaker()).isSameAs(breaker);
        assertThat(c.routeCircuitBreakers()).containsExactly(Map.entry("api", apiBreaker));
        assertThat(c.pageSettings()).isSameAs(page);
        assertThat(c.pageTemplates()).containsExactly(Map.entry("blue", BLUE), Map.entry("red", RED));
        assertThat(c.urlPolicy()).isSameAs(urls);
        assertThat(c.stateStore()).isSameAs(store);
        assertThat(c.eventExecutor()).isSameAs(executor);
        assertThat(c.tickInterval()).isZero();
        assertThat(c.stuckAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(c.maxDuration()).isEqualTo(Duration.ofHours(6));
        assertThat(c.instanceName()).isEqualTo("node-1");
        assertThat(c.clusterHeartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.damagedStatePolicy()).isEqualTo(DamagedStatePolicy.MAINTENANCE);
        assertThat(c.refuseChangesWhenStoreUnavailable()).isTrue();
        assertThat(c.jmx()).isTrue();
        assertThat(c.jmxDomain()).isEqualTo("shop.maintenance");
        assertThat(c.jmxServer()).isSameAs(mbeans);
    }

    @Test
    void everySettingComesOutOfTheBuiltConfigAndOutOfACopy() {
        MaintenanceConfig built = everySetting().build();

        assertEverySetting(built);
        assertEverySetting(MaintenanceConfig.from(built).build());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        MaintenanceConfig c = MaintenanceConfig.custom().instanceName("node-1").build();

        assertThat(c.routes()).isEmpty();
        assertThat(c.random()).isNull();
        assertThat(c.drainPolicy()).isSameAs(DrainPolicy.standard());
        assertThat(c.afterDrain()).isEqualTo(AfterDrain.KEEP_REJECTING);
        assertThat(c.retryAfter()).isEqualTo(MaintenanceConfig.DEFAULT_RETRY_AFTER);
        assertThat(c.drainRetryAfter()).isEqualTo(MaintenanceConfig.DEFAULT_DRAIN_RETRY_AFTER);
        assertThat(c.historySize()).isEqualTo(MaintenanceConfig.DEFAULT_HISTORY_SIZE);
        assertThat(c.circuitBreaker()).isNull();
        assertThat(c.pageSettings()).isSameAs(PageSettings.ofDefaults());
        assertThat(c.pageTemplates()).isEmpty();
        assertThat(c.stateStore()).isInstanceOf(InMemoryStateStore.class);
        assertThat(c.eventExecutor()).isNull();
        assertThat(c.tickInterval()).isEqualTo(MaintenanceConfig.DEFAULT_TICK_INTERVAL);
        assertThat(c.stuckAfter()).isEqualTo(MaintenanceConfig.DEFAULT_STUCK_AFTER);
        assertThat(c.maxDuration()).isZero();
        assertThat(c.clusterHeartbeat()).isEqualTo(MaintenanceConfig.DEFAULT_CLUSTER_HEARTBEAT).hasSeconds(5);
        assertThat(c.damagedStatePolicy()).isEqualTo(DamagedStatePolicy.SERVE);
        assertThat(c.refuseChangesWhenStoreUnavailable()).isFalse();
        assertThat(c.jmx()).isFalse();
        assertThat(c.jmxServer()).isNull();
        assertThat(c.toString()).isEqualTo("routes=0, drainPolicy=standard, afterDrain=KEEP_REJECTING, retryAfter=5m, "
                + "drainRetryAfter=1m, detailedStatistics=false, trackInFlight=false, circuitBreaker=off, "
                + "pageUrls=any host, store=InMemoryStateStore, stuckAfter=24h, instance=node-1, onDamagedState=SERVE");
    }

    @Test
    void theEffectiveSettingsReadInOneLine() {
        assertThat(everySetting().build().toString()).isEqualTo("routes=2, drainPolicy=linear, "
                + "afterDrain=ENTER_MAINTENANCE, retryAfter=42s, drainRetryAfter=7s, detailedStatistics=true, "
                + "trackInFlight=true, circuitBreaker=failures=3,window=1m,open=30s,successes=2, "
                + "routeCircuitBreakers=[api], pageTemplates=[blue, red], pageUrls=hosts [localhost], "
                + "store=InMemoryStateStore, stuckAfter=2h, maxDuration=6h, instance=node-1, clusterHeartbeat=30s, "
                + "onDamagedState=MAINTENANCE, refuseChangesWhenStoreUnavailable, "
                + "jmx=shop.maintenance:type=Maintenance,name=node-1");
    }

    @Test
    void aBuiltConfigChangesNeitherWithItsBuilderNorWithACopy() {
        MaintenanceConfig.Builder builder = everySetting();
        MaintenanceConfig built = builder.build();

        builder.route(Route.builder("admin").path("/admin").build()).circuitBreaker("shop", breaker)
                .pageTemplate("green", BLUE).historySize(9);
        MaintenanceConfig copy = MaintenanceConfig.from(built).route(Route.builder("cart").build()).pageTemplates(Map.of())
                .circuitBreaker("shop", breaker).historySize(1).build();

        assertEverySetting(built);
        assertThat(copy.routes()).extracting(Route::id).containsExactly("api", "shop", "cart");
        assertThat(copy.pageTemplates()).isEmpty();
        assertThat(copy.routeCircuitBreakers()).containsOnlyKeys("api", "shop");
        assertThatThrownBy(() -> built.routes().add(Route.builder("x").build()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.pageTemplates().put("green", BLUE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.routeCircuitBreakers().put("shop", breaker))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBuilderWithoutAStoreGivesEachOfItsBuildsTheSameNewInMemoryStore() {
        MaintenanceConfig.Builder builder = MaintenanceConfig.custom();

        MaintenanceConfig first = builder.build();

        assertThat(builder.build().stateStore()).isSameAs(first.stateStore());
        assertThat(MaintenanceConfig.from(first).build().stateStore()).isSameAs(first.stateStore());
        assertThat(MaintenanceConfig.custom().build().stateStore()).isNotSameAs(first.stateStore());
    }

    @Test
    void theClusterHeartbeatTakesOneSecondToTenMinutes() {
        assertThat(MaintenanceConfig.custom().clusterHeartbeat(Duration.ofSeconds(1)).build().clusterHeartbeat())
                .hasSeconds(1);
        assertThat(MaintenanceConfig.custom().clusterHeartbeat(Duration.ofMinutes(10)).build().clusterHeartbeat())
                .hasMinutes(10);
        assertThatThrownBy(MaintenanceConfig.custom().clusterHeartbeat(Duration.ZERO)::build)
                .hasMessage("invalid value for 'clusterHeartbeat': 'PT0S' (must be 1 second to 10 minutes)");
    }

    @Test
    void theFirstInvalidValueIsTheOneReported() {
        MaintenanceConfig.Builder bad = MaintenanceConfig.custom()
                .route(Route.builder("api").build()).route(Route.builder("api").build())
                .circuitBreaker("ghost", breaker)
                .jmxDomain("a:b")
                .clusterHeartbeat(Duration.ofMillis(999))
                .instanceName("")
                .maxDuration(Duration.ofSeconds(30))
                .stuckAfter(Duration.ofDays(400))
                .tickInterval(Duration.ofSeconds(-1))
                .urlPolicy(null)
                .onDamagedState(null)
                .pageTemplate("bad name", BLUE)
                .pageSettings(null)
                .historySize(-1)
                .drainRetryAfter(Duration.ZERO)
                .retryAfter(null)
                .afterDrain(null)
                .drainPolicy(null)
                .clock(null);

        assertThatThrownBy(bad::build).hasMessage("invalid value for 'clock': 'null' (is required)");
        assertThatThrownBy(bad.clock(clock)::build).hasMessage("invalid value for 'drainPolicy': 'null' (is required)");
        assertThatThrownBy(bad.drainPolicy(DrainPolicy.standard())::build)
                .hasMessage("invalid value for 'afterDrain': 'null' (is required)");
        assertThatThrownBy(bad.afterDrain(AfterDrain.KEEP_REJECTING)::build)
                .hasMessage("invalid value for 'retryAfter': 'null' (must be at least 1 second)");
        assertThatThrownBy(bad.retryAfter(Duration.ofSeconds(1))::build)
                .hasMessage("invalid value for 'drainRetryAfter': 'PT0S' (must be at least 1 second)");
        assertThatThrownBy(bad.drainRetryAfter(Duration.ofSeconds(1))::build)
                .hasMessage("invalid value for 'historySize': '-1' (must be 0 to 10000)");
        assertThatThrownBy(bad.historySize(0)::build).hasMessage("invalid value for 'pageSettings': 'null' (is required)");
        assertThatThrownBy(bad.pageSettings(page)::build).hasMessage("invalid value for 'pageTemplates': 'bad name' "
                + "(a template name: letters, digits, '.', '_' and '-', at most 64 characters)");
        assertThatThrownBy(bad.pageTemplates(Map.of())::build)
                .hasMessage("invalid value for 'onDamagedState': 'null' (is required)");
        assertThatThrownBy(bad.onDamagedState(DamagedStatePolicy.SERVE)::build)
                .hasMessage("invalid value for 'urlPolicy': 'null' (is required)");
        assertThatThrownBy(bad.urlPolicy(urls)::build)
                .hasMessage("invalid value for 'tickInterval': 'PT-1S' (must not be negative)");
        assertThatThrownBy(bad.tickInterval(Duration.ZERO)::build)
                .hasMessage("invalid value for 'stuckAfter': 'PT9600H' (must be 0 (off) or 1 minute to 366 days)");
        assertThatThrownBy(bad.stuckAfter(null)::build)
                .hasMessage("invalid value for 'maxDuration': 'PT30S' (must be 0 (off) or 1 minute to 366 days)");
        assertThatThrownBy(bad.maxDuration(null)::build)
                .hasMessage("invalid value for 'instanceName': '' (1 to 128 characters)");
        assertThatThrownBy(bad.instanceName("node\n1")::build)
                .hasMessage("invalid value for 'instanceName': 'node?1' (must not contain control characters)");
        assertThatThrownBy(bad.instanceName("node-1")::build)
                .hasMessage("invalid value for 'clusterHeartbeat': 'PT0.999S' (must be 1 second to 10 minutes)");
        assertThatThrownBy(bad.clusterHeartbeat(null)::build)
                .hasMessage("invalid value for 'clusterHeartbeat': 'null' (must be 1 second to 10 minutes)");
        assertThatThrownBy(bad.clusterHeartbeat(Duration.ofMinutes(10).plusMillis(1))::build)
                .hasMessage("invalid value for 'clusterHeartbeat': 'PT10M0.001S' (must be 1 second to 10 minutes)");
        assertThatThrownBy(bad.clusterHeartbeat(Duration.ofMinutes(10))::build).hasMessage("invalid value for 'jmxDomain': 'a:b' "
                + "(1 to 128 characters, no ':', '*', '?' or control characters)");
        assertThatThrownBy(bad.jmx(false).jmxDomain("maintenance")::build).hasMessage("route already exists: api");
        assertThatThrownBy(bad.routes(List.of(Route.builder("api").build()))::build)
                .hasMessage("invalid value for 'circuitBreaker': 'ghost' (no route has this id)");
        assertThatThrownBy(bad.route(Route.builder("ghost").build()).circuitBreaker("ghost", null)::build)
                .hasMessage("invalid value for 'circuitBreaker': 'ghost' (config is required)");
        assertThat(bad.circuitBreaker("ghost", breaker).build().routeCircuitBreakers()).containsOnlyKeys("ghost");
    }
}
