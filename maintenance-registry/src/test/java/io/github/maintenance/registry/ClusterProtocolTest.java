package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.cluster.InstanceView;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.DeafStateStore;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.Totals;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.Awaits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code MAINT_CLUSTER} extension over a real registry: three controllers in this JVM share one
 * in-memory store, the registry's ({@code test}), {@code b}, and {@code c}, which hears nothing of
 * the others' changes and so lags. The heartbeat is 1 s of real time; the reports carry the
 * hand-moved clock's time.
 */
class ClusterProtocolTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final List<String> INSTANCE_KEYS = List.of("instance", "heartbeat", "started", "applied_version",
            "store_available", "lagging", "self", "totals");
    private static final List<String> TOTALS_KEYS = List.of("routes", "in_maintenance", "draining", "circuit_open",
            "maintenance_hits", "drain_rejected", "circuit_rejected", "requests", "passed", "errors",
            "lifetime_maintenance_hits", "lifetime_drain_rejected");

    /** The fewest instances a reply lists, whatever their names and counters (ClusterDocument's javadoc). */
    private static final int WORST_CASE_LISTED = 45;

    private final InMemoryStateStore shared = new InMemoryStateStore();
    private final List<MaintenanceController> others = new ArrayList<>();
    private RegistryFixture f;

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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cluster(Wire w, String sid) throws Exception {
        String reply = w.call("MAINT_CLUSTER|" + sid);
        assertThat(reply).startsWith("CLUSTER_OK|{");
        return (Map<String, Object>) WireJson.parse(reply.substring("CLUSTER_OK|".length()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> instance(Map<String, Object> doc, String name) {
        return ((List<Map<String, Object>>) doc.get("instances")).stream()
                .filter(i -> name.equals(i.get("instance"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> doc) {
        return ((List<Map<String, Object>>) doc.get("instances")).stream().map(i -> (String) i.get("instance"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    @Test
    void theViewListsEveryInstanceAndFlagsTheOneThatStaysBehindAHeartbeatLater() throws Exception {
        f = RegistryFixture.start(config(shared), b -> b);
        Instant t0 = f.clock.instant();
        MaintenanceController b = other("b", shared);
        MaintenanceController c = other("c", new DeafStateStore(shared));
        Wire w = f.connect();
        String sid = w.register("ops", "console");

        f.controller.enter("api");
        long version = f.controller.snapshot().version();
        Awaits.await().until(() -> b.snapshot().version() == version);
        assertThat(c.snapshot().version()).isZero();

        Map<String, Object> first = cluster(w, sid);

        assertThat(first.keySet()).containsExactly("self", "read_at", "cluster_version", "instances", "cluster_totals",
                "local_totals");
        assertThat(first.get("self")).isEqualTo("test");
        assertThat(first.get("read_at")).isEqualTo(t0.toString());
        assertThat(number(first, "cluster_version")).isEqualTo(version).isPositive();
        assertThat(names(first)).containsExactly("b", "c", "test");
        assertThat(instance(first, "c").get("lagging")).as("within a heartbeat of the change").isEqualTo(false);

        f.clock.advance(HEARTBEAT);
        String beat = t0.plus(HEARTBEAT).toString();
        Awaits.await().until(() -> {
            Map<String, Object> d = cluster(w, sid);
            return names(d).size() == 3 && names(d).stream().allMatch(n -> beat.equals(instance(d, n).get("heartbeat")));
        });
        Map<String, Object> doc = cluster(w, sid);

        Map<String, Object> lagging = instance(doc, "c");
        assertThat(lagging.keySet()).containsExactlyElementsOf(INSTANCE_KEYS);
        assertThat(lagging.get("lagging")).isEqualTo(true);
        assertThat(number(lagging, "applied_version")).isZero();
        assertThat(lagging.get("store_available")).isEqualTo(false);
        assertThat(lagging.get("self")).isEqualTo(false);
        assertThat(lagging.get("started")).isEqualTo(t0.toString());
        assertThat(totals(lagging, "totals").keySet()).containsExactlyElementsOf(TOTALS_KEYS);
        assertThat(number(totals(lagging, "totals"), "in_maintenance")).isZero();

        Map<String, Object> self = instance(doc, "test");
        assertThat(self.get("self")).isEqualTo(true);
        assertThat(self.get("lagging")).isEqualTo(false);
        assertThat(self.get("store_available")).isEqualTo(true);
        assertThat(number(self, "applied_version")).isEqualTo(version);
        assertThat(instance(doc, "b").get("lagging")).isEqualTo(false);
        assertThat(number(instance(doc, "b"), "applied_version")).isEqualTo(version);

        Map<String, Object> sums = totals(doc, "cluster_totals");
        assertThat(sums.keySet()).containsExactlyElementsOf(TOTALS_KEYS);
        assertThat(number(sums, "routes")).isEqualTo(6); // api and the catch-all on each
        assertThat(number(sums, "in_maintenance")).isEqualTo(2);
        Map<String, Object> local = totals(doc, "local_totals");
        assertThat(number(local, "routes")).isEqualTo(2);
        assertThat(number(local, "in_maintenance")).isEqualTo(1);
        assertThat(doc).doesNotContainKey(ClusterDocument.OMITTED);
        assertThat(w.call("PING|" + sid)).isEqualTo("PONG");
    }

    @Test
    void aLargeClusterIsCutToFitTheLineAndSaysHowManyItLeftOut() throws Exception {
        f = RegistryFixture.start(config(shared), b -> b);
        Instant now = f.clock.instant();
        Totals one = new Totals(2, 1, 0, 0, 5, 0, 0, 0, 0, 0, 5, 0);
        for (int i = 0; i < 400; i++) {
            String name = String.format("node-%03d-", i) + "x|".repeat(55); // 119 characters, | escaped on the wire
            shared.publishInstance(new InstanceReport(name, now, now, 0, true, one), Duration.ofMinutes(1));
        }
        Wire w = f.connect();
        String sid = w.register("ops", "console");

        String reply = w.call("MAINT_CLUSTER|" + sid);

        assertThat(reply.getBytes(StandardCharsets.UTF_8).length).isLessThan(65_535);
        assertThat(reply).doesNotContain("x|x").contains("x\\u007cx");
        Map<String, Object> doc = cluster(w, sid);
        List<String> listed = names(doc);
        assertThat(listed).contains("test").hasSizeGreaterThan(38).hasSizeLessThan(401);
        assertThat(listed).isSorted();
        assertThat(number(doc, ClusterDocument.OMITTED)).isEqualTo(401 - listed.size());
        assertThat(number(totals(doc, "cluster_totals"), "routes")).as("the totals cover every instance")
                .isEqualTo(400 * 2 + 2);
    }

    @Test
    void theWorstCaseInstancesStillFitByTheDozen() {
        long max = Long.MAX_VALUE;
        Totals full = new Totals(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, max, max,
                max, max, max, max, max, max);
        Instant at = Instant.parse("2026-12-31T23:59:59Z");
        List<InstanceView> views = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String name = String.format("%03d", i) + "|".repeat(InstanceReport.MAX_INSTANCE_LENGTH - 3);
            views.add(new InstanceView(new InstanceReport(name, at, at, max, false, full), i == 99, i % 2 == 0));
        }
        ClusterView view = new ClusterView(views.get(99).report().instance(), at, max, views, full, full);

        Map<String, Object> doc = ClusterDocument.document(view, 65_535);

        String line = "CLUSTER_OK|" + WireJson.write(doc);
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(65_535);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) doc.get("instances");
        assertThat(listed).hasSizeGreaterThanOrEqualTo(WORST_CASE_LISTED);
        assertThat(listed.get(listed.size() - 1).get("self")).as("this instance comes first").isEqualTo(true);
        assertThat(listed.subList(0, listed.size() - 1)).as("then the lagging ones")
                .allSatisfy(m -> assertThat(m.get("lagging")).isEqualTo(true));
        assertThat(number(doc, ClusterDocument.OMITTED)).isEqualTo(100 - listed.size());
    }

    @Test
    void aStoreThatKeepsNoClusterReportsHasNoClusterView() {
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
        Wire w = f.connect();
        String sid = w.register("ops", "console");

        assertThat(w.call("MAINT_CLUSTER|" + sid)).isEqualTo("ERROR|no cluster view");
        assertThat(w.call("MAINT_CLUSTER")).as("the session field is informational").isEqualTo("ERROR|no cluster view");
        assertThat(w.call("PING|" + sid)).isEqualTo("PONG");
    }

    @Test
    void aClusterStoreThatCannotBeReadIsAnErrorUntilItRecovers() throws Exception {
        DeafStateStore store = new DeafStateStore(shared);
        store.healthy = true;
        f = RegistryFixture.start(config(store), b -> b);
        Wire w = f.connect();
        String sid = w.register("ops", "console");
        store.unreadable = true;

        assertThat(w.call("MAINT_CLUSTER|" + sid)).isEqualTo("ERROR|cluster store unavailable: cluster reports unreadable");

        store.unreadable = false;
        assertThat(names(cluster(w, sid))).containsExactly("test");
    }
}
