package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;
import io.github.maintenance.testing.CountingStateStore;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONFIG_APPLY is one transition of the controller however much it applies: one state-store save,
 * one version step, one batch of events; and a batch with one refused change changes nothing.
 */
class ConfigApplyBatchTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final CountingStateStore store = new CountingStateStore();
    private final AtomicInteger eventBatches = new AtomicInteger();
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MaintenanceController controller;
    private RegistryServer registry;
    private Wire w;
    private String sid;

    @BeforeEach
    void start() throws IOException {
        controller = MaintenanceController.create(MaintenanceConfig.custom().clock(clock).tickInterval(Duration.ZERO)
                .instanceName("test").stateStore(store).eventExecutor(task -> {
                    eventBatches.incrementAndGet();
                    task.run();
                }).build());
        controller.addListener(events::add);
        registry = RegistryServer.start(controller, RegistryConfig.custom().port(0).clock(clock)
                .sweepInterval(Duration.ZERO).build());
        w = Wire.connect(registry.port());
        sid = w.register("shop", "i-1");
    }

    @AfterEach
    void stop() {
        w.close();
        registry.close();
        controller.close();
    }

    /** Stages {@code n} routes with one ROUTE_ADD_BULK and returns their ids. */
    @SuppressWarnings("unchecked")
    private List<String> stageRoutes(int n) throws Exception {
        List<Object> bulk = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("domains", List.of("shop.example.com"));
            route.put("path", "/p" + i);
            route.put("backend_url", "http://127.0.0.1:8080");
            route.put("priority", i);
            bulk.add(route);
        }
        String reply = w.call("ROUTE_ADD_BULK|" + sid + "|" + WireJson.write(bulk));
        assertThat(reply).startsWith("ROUTE_BULK_OK|");
        List<String> ids = new ArrayList<>();
        for (Object o : (List<Object>) WireJson.parse(reply.substring("ROUTE_BULK_OK|".length()))) {
            ids.add((String) ((Map<String, Object>) o).get("route_id"));
        }
        return ids;
    }

    private long version() {
        return controller.snapshot().version();
    }

    private List<String> routeIds() {
        return controller.routes().stream().map(Route::id).toList();
    }

    @Test
    void fiftyRoutesWithAHealthCheckAndABreakerAreOneSaveOneVersionAndOneEventBatch() throws Exception {
        List<String> ids = stageRoutes(50);
        assertThat(w.call("HEALTH_SET|" + sid + "|" + ids.get(0) + "|/healthz|10s|2s")).isEqualTo("HEALTH_OK");
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + ids.get(1) + "|5|30s|2")).isEqualTo("CIRCUIT_OK");
        int savesBefore = store.saves.get();
        long versionBefore = version();
        int batchesBefore = eventBatches.get();
        events.clear();

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");

        assertThat(store.saves.get() - savesBefore).as("state-store saves").isEqualTo(1);
        assertThat(version() - versionBefore).as("version steps").isEqualTo(1);
        assertThat(eventBatches.get() - batchesBefore).as("event batches").isEqualTo(1);
        assertThat(events).filteredOn(e -> e.type() == MaintenanceEvent.Type.ROUTE_ADDED).hasSize(50)
                .flatExtracting(MaintenanceEvent::routeIds).containsExactlyElementsOf(ids);
        assertThat(events).filteredOn(e -> e.type() == MaintenanceEvent.Type.ROUTE_UPDATED)
                .singleElement().satisfies(e -> assertThat(e.routeIds()).containsExactly(ids.get(1)));
        assertThat(routeIds()).containsAll(ids);
        assertThat(controller.exemptPaths()).containsExactly("/healthz");
        assertThat(controller.status(ids.get(1)).circuitConfigured()).isTrue();
    }

    @Test
    void removingFiftyRoutesIsOneSaveToo() throws Exception {
        List<String> ids = stageRoutes(50);
        w.call("CONFIG_APPLY|" + sid);
        for (String id : ids) {
            assertThat(w.call("ROUTE_REMOVE|" + sid + "|" + id)).isEqualTo("ROUTE_OK");
        }
        int savesBefore = store.saves.get();
        long versionBefore = version();

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");

        assertThat(store.saves.get() - savesBefore).isEqualTo(1);
        assertThat(version() - versionBefore).isEqualTo(1);
        assertThat(routeIds()).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void aBatchWithARouteTheControllerRefusesChangesNothing() throws Exception {
        String gone = stageRoutes(1).get(0);
        w.call("CONFIG_APPLY|" + sid);
        // Removed behind the session's back: the session still has it in force.
        controller.removeRoute(gone, Cause.api());
        List<String> ids = stageRoutes(49);
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + gone + "|5|30s|2")).isEqualTo("CIRCUIT_OK");
        int savesBefore = store.saves.get();
        long versionBefore = version();
        int batchesBefore = eventBatches.get();

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("ERROR|route not found: " + gone);

        assertThat(store.saves.get()).as("no save").isEqualTo(savesBefore);
        assertThat(version()).as("no version step").isEqualTo(versionBefore);
        assertThat(eventBatches.get()).as("no events").isEqualTo(batchesBefore);
        assertThat(routeIds()).as("none of the 49 routes").doesNotContainAnyElementsOf(ids);
        assertThat(w.call("CONFIG_DIFF|" + sid)).as("still staged").contains("\"added\":49").contains("\"circuit\":1");
    }

    @Test
    void aBatchWithAnIdAnotherOwnerUsesChangesNothing() throws Exception {
        List<String> ids = stageRoutes(50);
        controller.putRoute(Route.builder(ids.get(49)).path("/app").build(), Cause.api());
        int savesBefore = store.saves.get();
        long versionBefore = version();

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("ERROR|route " + ids.get(49)
                + ": id already used by another route");

        assertThat(store.saves.get()).isEqualTo(savesBefore);
        assertThat(version()).isEqualTo(versionBefore);
        assertThat(routeIds()).doesNotContainAnyElementsOf(ids.subList(0, 49));
        assertThat(controller.status(ids.get(49)).route().path()).isEqualTo("/app");
    }

    @Test
    void aSessionEndingHandsItsRoutesOverInOneChange() throws Exception {
        List<String> ids = stageRoutes(3);
        w.call("HEALTH_SET|" + sid + "|" + ids.get(0) + "|/healthz|10s|2s");
        w.call("CONFIG_APPLY|" + sid);
        controller.enter(ids.get(2));
        int savesBefore = store.saves.get();
        long versionBefore = version();

        assertThat(w.call("CLIENT_SHUTDOWN|" + sid)).isEqualTo("SHUTDOWN_OK");

        assertThat(store.saves.get() - savesBefore).isEqualTo(1);
        assertThat(version() - versionBefore).isEqualTo(1);
        assertThat(routeIds()).doesNotContain(ids.get(0), ids.get(1)).contains(ids.get(2));
        assertThat(controller.exemptPaths()).isEmpty();
    }
}
