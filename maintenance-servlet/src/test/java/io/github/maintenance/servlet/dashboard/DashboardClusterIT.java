package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.list;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.map;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.spi.ClusterStore;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.Totals;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET …/api/dashboard/cluster} over real HTTP: three controllers share one in-memory store
 * (the dashboard's, {@code web-1}, and two peers); the answer lists them with their heartbeats,
 * versions, store health, lagging flags and totals. A store without cluster reports answers 404,
 * one that cannot be read 503.
 */
class DashboardClusterIT {

    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final MutableClock clock = MutableClock.atDefault();
    private final List<MaintenanceController> peers = new ArrayList<>();
    private DashboardFixture fx;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        peers.forEach(MaintenanceController::close);
        if (fx != null) {
            fx.close();
        }
    }

    /** The dashboard's controller {@code web-1} and peers {@code web-2}, {@code web-3} on {@code store}. */
    private void startCluster(StateStore store, Duration heartbeat) throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).instanceName("web-1").stateStore(store)
                .clusterHeartbeat(heartbeat), DashboardFixture.tokenSettings().build());
        for (String name : List.of("web-2", "web-3")) {
            peers.add(MaintenanceController.create(DashboardFixture.config(clock).instanceName(name).stateStore(store)
                    .clusterHeartbeat(heartbeat).build()));
        }
    }

    private Map<String, Object> cluster() {
        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/cluster");
        assertThat(r.statusCode()).isEqualTo(200);
        return object(r);
    }

    private static List<Map<String, Object>> instances(Map<String, Object> cluster) {
        return list(cluster.get("instances")).stream().map(DashboardFixture::map).toList();
    }

    private static Map<String, Object> instance(Map<String, Object> cluster, String name) {
        return instances(cluster).stream().filter(i -> i.get("instance").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theClusterListsEveryLiveInstanceWithItsReportAndTheTotals() throws Exception {
        InMemoryStateStore shared = new InMemoryStateStore();
        startCluster(shared, Duration.ofSeconds(1));
        fx.controller.enter("admin");
        long version = fx.controller.snapshot().version();
        Awaits.await().until(() -> peers.stream().allMatch(p -> p.snapshot().version() == version));
        clock.advance(Duration.ofSeconds(2));
        assertThat(fx.appStatus("/admin")).isEqualTo(503);
        for (MaintenanceController c : peers) {
            c.decide("h", "/admin").recordBlocked();
        }

        // Each instance publishes its report every second on its own thread: wait for the ones after the hits.
        Awaits.await().until(() -> map(cluster().get("cluster_totals")).get("maintenance_hits").equals(3));
        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/cluster");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> cluster = object(r);
        assertThat(cluster).containsOnlyKeys("self", "read_at", "cluster_version", "instances", "cluster_totals",
                "local_totals");
        assertThat(cluster).containsEntry("self", "web-1").containsEntry("read_at", "2026-01-01T00:00:02Z")
                .containsEntry("cluster_version", (int) version);
        assertThat(instances(cluster)).extracting(i -> i.get("instance")).containsExactly("web-1", "web-2", "web-3");
        Map<String, Object> self = instance(cluster, "web-1");
        assertThat(self).containsOnlyKeys("instance", "heartbeat", "started", "applied_version", "store_available",
                "lagging", "self", "totals");
        assertThat(self).containsEntry("heartbeat", "2026-01-01T00:00:02Z").containsEntry("started", "2026-01-01T00:00:00Z")
                .containsEntry("applied_version", (int) version).containsEntry("store_available", true)
                .containsEntry("lagging", false).containsEntry("self", true);
        assertThat(map(self.get("totals"))).containsEntry("routes", 3).containsEntry("maintenance_hits", 1);
        assertThat(instance(cluster, "web-2")).containsEntry("self", false).containsEntry("lagging", false)
                .containsEntry("applied_version", (int) version);
        assertThat(map(cluster.get("cluster_totals"))).containsEntry("routes", 9).containsEntry("in_maintenance", 3)
                .containsEntry("maintenance_hits", 3).containsEntry("draining", 0);
        assertThat(map(cluster.get("local_totals"))).containsEntry("routes", 3).containsEntry("in_maintenance", 1)
                .containsEntry("maintenance_hits", 1);

        for (MaintenanceController c : peers) {
            c.close(); // removes its report
        }
        peers.clear();
        assertThat(instances(cluster())).extracting(i -> i.get("instance")).containsExactly("web-1");
    }

    @Test
    void anInstanceStillOnAnOldVersionAHeartbeatLaterIsLagging() throws Exception {
        InMemoryStateStore shared = new InMemoryStateStore();
        startCluster(shared, HEARTBEAT);
        fx.controller.enter("admin");
        long version = fx.controller.snapshot().version();
        Awaits.await().until(() -> peers.stream().allMatch(p -> p.snapshot().version() == version));
        Map<String, Object> before = cluster();
        Instant now = clock.instant();
        shared.publishInstance(new InstanceReport("web-4", now, now, 0, true, new Totals(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                HEARTBEAT.multipliedBy(3));
        assertThat(instance(cluster(), "web-4"))
                .as("its report is from the moment the change was made").containsEntry("lagging", false);

        clock.advance(HEARTBEAT);
        shared.publishInstance(new InstanceReport("web-4", clock.instant(), now, 0, false,
                new Totals(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), HEARTBEAT.multipliedBy(3));
        Map<String, Object> cluster = cluster();

        assertThat(instances(before)).allSatisfy(i -> assertThat(i).containsEntry("lagging", false));
        assertThat(instance(cluster, "web-4")).containsEntry("lagging", true).containsEntry("applied_version", 0)
                .containsEntry("store_available", false);
        assertThat(instances(cluster)).filteredOn(i -> Boolean.TRUE.equals(i.get("lagging")))
                .extracting(i -> i.get("instance")).containsExactly("web-4");
    }

    @Test
    void aStoreWithoutClusterReportsAnswers404(@TempDir Path dir) throws Exception {
        FileStateStore file = FileStateStore.open(dir.resolve("state.properties"));
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).stateStore(file),
                DashboardFixture.tokenSettings().build());

        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/cluster");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(object(r)).containsEntry("error", "no cluster view: the state store ("
                + file.status().store() + ") keeps no cluster reports");
    }

    @Test
    void aStoreWhoseReportsCannotBeReadAnswers503() throws Exception {
        UnreadableReports store = new UnreadableReports();
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).stateStore(store),
                DashboardFixture.tokenSettings().build());

        HttpResponse<String> r = fx.getAuthorized("/api/dashboard/cluster");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(object(r)).containsEntry("error",
                "the cluster reports cannot be read from the state store (UnreadableReports)");
        assertThat(r.body()).doesNotContain("secret-host");
    }

    @Test
    void theClusterIsReadLikeTheOtherReadsAndTakesNoParameters() throws Exception {
        startCluster(new InMemoryStateStore(), HEARTBEAT);

        HttpResponse<String> anonymous = fx.get("/api/dashboard/cluster");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(fx.get("/api/dashboard/cluster", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> withParameter = fx.getAuthorized("/api/dashboard/cluster?instance=web-2");
        assertThat(withParameter.statusCode()).isEqualTo(400);
        assertThat(object(withParameter)).containsEntry("error",
                "unknown query parameter(s) [instance]; this endpoint takes none");
        HttpResponse<String> post = fx.post("/api/dashboard/cluster", "{}", "Authorization",
                "Bearer " + DashboardFixture.TOKEN);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    /** A store that keeps the state but whose cluster reports cannot be read (the message names a host). */
    static final class UnreadableReports implements StateStore, ClusterStore {
        private final InMemoryStateStore states = new InMemoryStateStore();

        @Override
        public Optional<StoredState> load() {
            return states.load();
        }

        @Override
        public void save(StoredState state) {
            states.save(state);
        }

        @Override
        public void watch(Consumer<StoredState> consumer) {
            states.watch(consumer);
        }

        @Override
        public void publishInstance(InstanceReport report, Duration expireAfter) {
            throw new StateStoreException("connection to secret-host refused");
        }

        @Override
        public List<InstanceReport> instances(Instant now) {
            throw new StateStoreException("connection to secret-host refused");
        }

        @Override
        public void removeInstance(String instance) {
            throw new StateStoreException("connection to secret-host refused");
        }

        @Override
        public void close() {
            states.close();
        }
    }
}
