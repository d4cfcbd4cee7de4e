package io.github.maintenance.faults;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.maintenance.examples.DemoApp;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.servlet.testing.Http;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two demos sharing a real {@code redis-server} ({@code --redis}) while it is killed, frozen, or
 * restarted empty: pages keep being served from the last known state with no wait on Redis,
 * changes hold on the instance that made them and say so ({@code "store_saved":false}), and when
 * Redis is back the instances write their state back and converge on the latest one. Without
 * {@code redis-server} the tests are skipped, and fail under {@code CI=true}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * The most a page or an action may take while Redis is frozen: requests never wait on Redis,
     * and a save gives up after the store's command time-out (2 s).
     */
    private static final Duration PAGE_BOUND = RedisStateStore.DEFAULT_TIMEOUT;
    private static final Duration ACTION_BOUND = RedisStateStore.DEFAULT_TIMEOUT.multipliedBy(4);

    @TempDir
    Path dir;

    private RedisServer redis;
    private DemoApp a;
    private DemoApp b;
    private boolean frozen;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        a = Demo.withRedis(redis.uri());
        b = Demo.withRedis(redis.uri());
    }

    @AfterEach
    void stop() throws Exception {
        if (frozen) {
            redis.thaw();
        }
        for (DemoApp app : new DemoApp[] {a, b}) {
            if (app != null) {
                Demo.closeWithinBound(app);
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static int boundedStatus(DemoApp app, String path) {
        return Http.send(Http.request(app.uri(path)).timeout(PAGE_BOUND)).statusCode();
    }

    private boolean bothAt(String path, int status) {
        return Demo.status(a, path) == status && Demo.status(b, path) == status;
    }

    private boolean sameVersion() {
        return a.controller().snapshot().version() == b.controller().snapshot().version();
    }

    @Test
    void redisKilledChangesHoldLocallyAndTheClusterConvergesWhenItComesBackEmpty() throws Exception {
        Demo.accepted(a, "{\"action\":\"enter\",\"target\":\"ALL\",\"message\":\"Database upgrade\"}");
        await(WAIT).until(() -> bothAt("/", 503));

        redis.kill();
        await(WAIT).until(() -> !a.controller().storeStatus().available() && !b.controller().storeStatus().available());
        assertThat(b.controller().storeStatus().detail()).startsWith("unreachable: ");

        String exit = Demo.accepted(a, "{\"action\":\"exit\",\"target\":\"ALL\"}");
        assertThat(exit).contains("\"store_saved\":false");
        assertThat(Demo.status(a, "/")).as("the change holds where it was made").isEqualTo(200);
        assertThat(Demo.status(b, "/")).as("the other instance keeps its last known state").isEqualTo(503);
        assertThat(Http.get(b.uri("/api")).body()).contains("Database upgrade");

        redis.restart();

        await(WAIT).until(() -> a.controller().storeStatus().available() && b.controller().storeStatus().available());
        await(WAIT).until(() -> bothAt("/", 200) && bothAt("/api", 200) && sameVersion());
        assertThat(Demo.accepted(b, "{\"action\":\"enter\",\"target\":\"admin\"}")).doesNotContain("store_saved");
        await(WAIT).until(() -> bothAt("/admin", 503));
    }

    @Test
    void redisFrozenPagesActionsAndStopsStayWithinTheBoundAndTheClusterConvergesAfterwards() throws Exception {
        Demo.accepted(a, "{\"action\":\"enter\",\"target\":\"api\",\"message\":\"Before the freeze\"}");
        await(WAIT).until(() -> bothAt("/api", 503));

        redis.freeze();
        frozen = true;

        for (int i = 0; i < 20; i++) {
            for (DemoApp app : List.of(a, b)) {
                assertThat(boundedStatus(app, "/")).isEqualTo(200);
                assertThat(boundedStatus(app, "/api")).isEqualTo(503);
                assertThat(boundedStatus(app, "/health")).isEqualTo(200);
            }
        }
        HttpResponse<String> exit = assertTimeoutPreemptively(ACTION_BOUND,
                () -> Demo.action(b, "{\"action\":\"exit\",\"target\":\"api\"}"), "an action while Redis is frozen");
        assertThat(exit.statusCode()).as(exit.body()).isEqualTo(200);
        assertThat(exit.body()).contains("\"store_saved\":false");
        assertThat(boundedStatus(b, "/api")).isEqualTo(200);
        assertThat(boundedStatus(a, "/api")).isEqualTo(503);
        HttpResponse<String> status = assertTimeoutPreemptively(ACTION_BOUND,
                () -> Http.get(a.uri("/_control/status")), "the status while Redis is frozen");
        assertThat(status.statusCode()).isEqualTo(200);
        HttpResponse<String> dashboard = assertTimeoutPreemptively(ACTION_BOUND,
                () -> Http.get(a.uri(DemoApp.DASHBOARD_PATH + "/api/dashboard/maintenance"),
                        "Authorization", "Bearer " + Demo.TOKEN), "the dashboard while Redis is frozen");
        assertThat(dashboard.statusCode()).isEqualTo(200);

        redis.thaw();
        frozen = false;

        await(WAIT).until(() -> bothAt("/api", 200) && sameVersion());
        await(WAIT).until(() -> a.controller().storeStatus().available() && b.controller().storeStatus().available());

        redis.freeze();
        frozen = true;
        DemoApp stopping = b;
        b = null;
        Demo.closeWithinBound(stopping);
        assertThat(boundedStatus(a, "/")).isEqualTo(200);
    }

    @Test
    void redisRestartedEmptyGetsTheStateBackAndALateInstanceStartsFromIt() throws Exception {
        Demo.accepted(a, "{\"action\":\"enter\",\"target\":\"admin\",\"message\":\"Kept across Redis\"}");
        await(WAIT).until(() -> bothAt("/admin", 503));
        long version = a.controller().snapshot().version();

        redis.restart();

        await(WAIT).until(() -> a.controller().storeStatus().available() && b.controller().storeStatus().available());
        DemoApp late = Demo.withRedis(redis.uri());
        try {
            await(WAIT).until(() -> Demo.status(late, "/admin") == 503);
            assertThat(Http.get(late.uri("/admin")).body()).contains("Kept across Redis");
            assertThat(late.controller().snapshot().version()).isEqualTo(version);
            assertThat(bothAt("/admin", 503) && bothAt("/", 200)).isTrue();
        } finally {
            Demo.closeWithinBound(late);
        }
    }
}
