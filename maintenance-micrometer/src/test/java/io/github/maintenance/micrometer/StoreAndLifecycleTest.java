package io.github.maintenance.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The state store's health as gauges, meters following changes delivered on the controller's own
 * event thread, and references: the binder keeps its gauges alive, a registry does not keep the
 * controller alive.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StoreAndLifecycleTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        registry.close();
    }

    /** An in-memory store whose backing can be switched off: saves then fail and the status says so. */
    static final class SwitchableStore implements StateStore {
        private final InMemoryStateStore delegate = new InMemoryStateStore();
        private volatile boolean up = true;
        private volatile StoreStatus status = StoreStatus.ok("switchable");

        void up(boolean value) {
            up = value;
        }

        @Override
        public Optional<StoredState> load() {
            return delegate.load();
        }

        @Override
        public void save(StoredState state) {
            if (!up) {
                status = new StoreStatus("switchable", false, "switched off", null);
                throw new StateStoreException("switched off");
            }
            delegate.save(state);
            status = StoreStatus.ok("switchable");
        }

        @Override
        public void watch(Consumer<StoredState> consumer) {
            delegate.watch(consumer);
        }

        @Override
        public StoreStatus status() {
            return status;
        }
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void theStoreGaugesFollowTheStoresAvailability() {
        SwitchableStore store = new SwitchableStore();
        try (MaintenanceController c = MaintenanceController.create(Traffic.config(clock)
                .route(Route.builder("api").path("/api").build()).stateStore(store).build());
                MaintenanceMetrics metrics = new MaintenanceMetrics(c)) {
            metrics.bindTo(registry);
            assertThat(gauge("maintenance.store.available")).isEqualTo(1.0);

            store.up(false);
            c.enter("api");
            assertThat(gauge("maintenance.store.available")).isEqualTo(0.0);
            assertThat(gauge("maintenance.store.damaged")).isEqualTo(0.0);

            store.up(true);
            c.exit("api");
            assertThat(gauge("maintenance.store.available")).isEqualTo(1.0);
        }
    }

    @Test
    void aDamagedStateFileShowsAsDamagedUntilAChangeIsSavedOverIt() throws Exception {
        Path file = dir.resolve("state.properties");
        Files.writeString(file, "format=1.0\nversion=12\nsaved_at=not a time\n");
        try (MaintenanceController c = MaintenanceController.create(Traffic.config(clock)
                .route(Route.builder("api").path("/api").build())
                .stateStore(FileStateStore.builder(file).clock(clock).build()).build());
                MaintenanceMetrics metrics = new MaintenanceMetrics(c)) {
            metrics.bindTo(registry);
            assertThat(gauge("maintenance.store.damaged")).isEqualTo(1.0);

            c.enter("api");

            assertThat(gauge("maintenance.store.damaged")).isEqualTo(0.0);
            assertThat(gauge("maintenance.store.available")).isEqualTo(1.0);
        }
    }

    @Test
    void withTheDefaultEventThreadMetersFollowRouteChangesShortlyAfter() {
        try (MaintenanceController c = MaintenanceController.create(MaintenanceConfig.custom()
                .route(Route.builder("api").path("/api").build()).tickInterval(java.time.Duration.ZERO).build());
                MaintenanceMetrics metrics = new MaintenanceMetrics(c)) {
            metrics.bindTo(registry);

            c.putRoute(Route.builder("shop").path("/shop").build(), Cause.api());
            Awaits.await().until(() -> registry.find("maintenance.hits").tag("route", "shop").meter() != null);

            c.removeRoute("shop", Cause.api());
            Awaits.await().until(() -> registry.find("maintenance.hits").tag("route", "shop").meter() == null);
            assertThat(registry.getMeters()).noneMatch(m -> "shop".equals(m.getId().getTag("route")));
            assertThat(registry.get("maintenance.hits").tag("route", "api").functionCounter().count()).isZero();
        }
    }

    @Test
    void theGaugesKeepReadingWhenTheApplicationKeepsNoReferenceToTheBinder() {
        try (MaintenanceController c = MaintenanceController.create(Traffic.config(clock)
                .route(Route.builder("api").path("/api").build()).build())) {
            new MaintenanceMetrics(c).bindTo(registry);
            c.enter("api");

            collectGarbage();

            assertThat(registry.get("maintenance.route.state").tags("route", "api", "state", "maintenance").gauge()
                    .value()).isEqualTo(1.0);
            assertThat(gauge("maintenance.store.available")).isEqualTo(1.0);
            c.putRoute(Route.builder("shop").path("/shop").build(), Cause.api());
            assertThat(registry.find("maintenance.hits").tag("route", "shop").meter()).isNotNull();
        }
    }

    @Test
    void aRegistryDoesNotKeepAnUnclosedControllerAlive() {
        WeakReference<MaintenanceController> ref = bindAndForget();
        assertThat(registry.getMeters()).isNotEmpty();

        Awaits.await().until(() -> {
            collectGarbage();
            return ref.get() == null;
        });
        assertThat(registry.get("maintenance.store.available").gauge().value()).isNaN();
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> new MaintenanceMetrics(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("controller");
        try (MaintenanceController c = MaintenanceController.create(Traffic.config(clock).build());
                MaintenanceMetrics metrics = new MaintenanceMetrics(c)) {
            assertThatThrownBy(() -> metrics.bindTo(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("registry");
        }
    }

    private WeakReference<MaintenanceController> bindAndForget() {
        MaintenanceController c = MaintenanceController.create(Traffic.config(clock)
                .route(Route.builder("api").path("/api").build()).build());
        new MaintenanceMetrics(c).bindTo(registry);
        return new WeakReference<>(c);
    }

    private static void collectGarbage() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        while (sentinel.get() != null) {
            System.gc();
        }
    }
}
