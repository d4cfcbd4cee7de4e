package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.registry.testing.DeafStateStore;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.Awaits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code maintenancectl status --cluster} against a real registry whose controller shares one
 * in-memory store with two more in this JVM: {@code b}, and {@code c}, which hears nothing of the
 * others' changes (so it lags) and reports its store down. Heartbeats every second of real time;
 * the reports carry the hand-moved clock's time, so the output is exact.
 */
class ClusterStatusCtlTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final InMemoryStateStore shared = new InMemoryStateStore();
    private final List<MaintenanceController> others = new ArrayList<>();
    private RegistryFixture f;
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        others.forEach(MaintenanceController::close);
        if (f != null) {
            f.close();
        }
    }

    private static MaintenanceConfig.Builder config(StateStore store) {
        return MaintenanceConfig.custom().stateStore(store).clusterHeartbeat(HEARTBEAT)
                .route(Route.builder("api").path("/api").build());
    }

    private MaintenanceController other(String name, StateStore store) {
        MaintenanceController c = MaintenanceController.create(config(store).clock(f.clock).instanceName(name)
                .tickInterval(Duration.ZERO).eventExecutor(Runnable::run).build());
        others.add(c);
        return c;
    }

    /** Three instances, {@code c} lagging: waits until every report carries the clock's time a heartbeat on. */
    private long threeInstancesOneLagging() {
        f = RegistryFixture.start(config(shared), b -> b);
        MaintenanceController b = other("b", shared);
        other("c", new DeafStateStore(shared));
        f.controller.enter("api");
        long version = f.controller.snapshot().version();
        Awaits.await().until(() -> b.snapshot().version() == version);
        assertThat(f.controller.cluster().orElseThrow().lagging()).isEmpty(); // notes when the version was first known

        f.clock.advance(HEARTBEAT);
        Instant beat = f.clock.instant();
        Awaits.await().until(() -> {
            ClusterView v = f.controller.cluster().orElseThrow();
            return v.instances().size() == 3 && v.instances().stream().allMatch(i -> i.report().heartbeat().equals(beat)
                    && i.report().totals().inMaintenance() == (i.report().instance().equals("c") ? 0 : 1));
        });
        assertThat(f.controller.cluster().orElseThrow().lagging()).extracting(i -> i.report().instance())
                .containsExactly("c");
        return version;
    }

    @Test
    void theTableShowsEveryInstanceMarksTheLaggingOneAndExitsWith3() {
        long version = threeInstancesOneLagging();

        assertThat(ctl.run("status", "--cluster")).as(ctl.err()).isEqualTo(ClusterStatus.EXIT_LAGGING);

        assertThat(ctl.out()).isEqualTo(String.join("\n",
                "Cluster: 3 live instances, state version " + version + ", read at 2026-01-01T00:00:01Z",
                "  INSTANCE  HEARTBEAT  APPLIED  STORE",
                "  b         0s ago     " + version + "        ok",
                "  c         0s ago     0        down   LAGGING",
                "  test      0s ago     " + version + "        ok     this instance",
                "  TOTALS                     CLUSTER  THIS INSTANCE",
                "  routes                           6              2",
                "  in maintenance                   2              1",
                "  draining                         0              0",
                "  circuit open                     0              0",
                "  maintenance hits                 0              0",
                "  drain rejected                   0              0",
                "  circuit rejected                 0              0",
                "  requests                         0              0",
                "  passed                           0              0",
                "  errors                           0              0",
                "  lifetime maintenance hits        0              0",
                "  lifetime drain rejected          0              0", ""));
        assertThat(ctl.err()).isEqualTo("maintenancectl: warning: 1 instance lags behind the cluster's state version "
                + version + ": c\n");
    }

    @Test
    void jsonPrintsTheRegistrysDocumentAndStillExitsWith3() throws Exception {
        long version = threeInstancesOneLagging();

        assertThat(ctl.run("status", "--cluster", "--json")).as(ctl.err()).isEqualTo(ClusterStatus.EXIT_LAGGING);

        String out = ctl.out();
        assertThat(out).startsWith("{\"self\":\"test\",").endsWith("}\n").hasLineCount(1);
        Map<String, Object> doc;
        try (JsonParser p = new JsonFactory().createParser(out)) {
            doc = JSON.std.mapFrom(p);
            assertThat(p.nextToken()).as("nothing after the document").isNull();
        }
        assertThat(doc).containsOnlyKeys("self", "read_at", "cluster_version", "instances", "cluster_totals",
                "local_totals");
        assertThat(((Number) doc.get("cluster_version")).longValue()).isEqualTo(version);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> instances = (List<Map<String, Object>>) doc.get("instances");
        assertThat(instances).extracting(i -> i.get("instance")).containsExactly("b", "c", "test");
        assertThat(instances.get(1)).containsEntry("heartbeat", "2026-01-01T00:00:01Z")
                .containsEntry("started", "2026-01-01T00:00:00Z").containsEntry("applied_version", 0)
                .containsEntry("store_available", false).containsEntry("lagging", true).containsEntry("self", false);
        assertThat(ctl.err()).contains("1 instance lags");
    }

    @Test
    void aClusterOfOneInSyncExitsWith0AndShowsTheHeartbeatsAge() {
        f = RegistryFixture.start(config(shared).clusterHeartbeat(Duration.ofMinutes(1)), b -> b);
        f.clock.advance(Duration.ofSeconds(75)); // within the report's three heartbeats

        assertThat(ctl.run("status", "--cluster")).as(ctl.err()).isZero();

        assertThat(ctl.out()).startsWith("Cluster: 1 live instance, state version 0, read at 2026-01-01T00:01:15Z\n"
                + "  INSTANCE  HEARTBEAT  APPLIED  STORE\n"
                + "  test      1m15s ago  0        ok     this instance\n"
                + "  TOTALS");
        assertThat(ctl.err()).isEmpty();
    }

    @Test
    void aStoreWithoutClusterReportsIsAClearFailure() {
        StateStore plain = new StateStore() {
            @Override
            public Optional<StoredState> load() {
                return Optional.empty();
            }

            @Override
            public void save(StoredState state) {
            }
        };
        f = RegistryFixture.start(config(plain), b -> b);

        assertThat(ctl.run("status", "--cluster")).isEqualTo(MaintenanceCtl.EXIT_FAILED);

        assertThat(ctl.out()).isEmpty();
        assertThat(ctl.err()).isEqualTo("maintenancectl: no cluster view: the application's state store keeps no "
                + "cluster reports (only a shared store does; 'status' without --cluster shows this instance)\n");
        ctl.reset();
        assertThat(ctl.run("status")).as("plain status still works").isZero();
    }

    @Test
    void aClusterStoreThatCannotBeReadIsAFailure() {
        DeafStateStore store = new DeafStateStore(shared);
        store.healthy = true;
        store.unreadable = true;
        f = RegistryFixture.start(config(store), b -> b);

        assertThat(ctl.run("status", "--cluster", "--json")).isEqualTo(MaintenanceCtl.EXIT_FAILED);

        assertThat(ctl.out()).isEmpty();
        assertThat(ctl.err()).isEqualTo("maintenancectl: cannot read the cluster view: cluster store unavailable: "
                + "cluster reports unreadable\n");
    }

    @Test
    void theHelpDocumentsTheOptionAndItsExitStatus() {
        assertThat(ctl.raw("status", "--help")).isZero();

        assertThat(ctl.out()).contains("--cluster").contains("status --cluster: 3 when an instance lags behind the "
                + "cluster's state version;");
    }
}
