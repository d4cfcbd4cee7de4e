package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.route.Route;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/** The benchmark set-up measures what its comment says it measures. */
class DecisionBenchmarkTest {

    private static DecisionBenchmark.Decide setUp(int routes, boolean blocked, boolean detailed) {
        DecisionBenchmark.Decide s = new DecisionBenchmark.Decide();
        s.routes = routes;
        s.blocked = blocked;
        s.detailed = detailed;
        s.setUp();
        return s;
    }

    @Test
    void blockedCaseWithThousandRoutesBlocksOnlyTheBlockedPath() {
        DecisionBenchmark.Decide s = setUp(1000, true, false);
        try {
            MaintenanceSnapshot snapshot = s.controller.snapshot();
            assertThat(snapshot.routes().size()).isEqualTo(1001);
            assertThat(snapshot.isIdle()).isFalse();

            Decision blocked = snapshot.decide(DecisionBenchmark.HOST, s.paths[0]);
            assertThat(blocked.action()).isEqualTo(Decision.Action.MAINTENANCE);
            assertThat(blocked.route().id()).isEqualTo("svc-500");

            for (int k = 1; k <= 5; k++) {
                Decision d = snapshot.decide(DecisionBenchmark.HOST, s.paths[k]);
                assertThat(d.isBlocked()).as(s.paths[k]).isFalse();
                assertThat(d.route().id()).as(s.paths[k]).isNotEqualTo("svc-500").startsWith("svc-");
                assertThat(s.paths[k]).startsWith("/" + d.route().id() + "/");
            }
            for (int k = 6; k <= 7; k++) {
                Decision d = snapshot.decide(DecisionBenchmark.HOST, s.paths[k]);
                assertThat(d.isBlocked()).isFalse();
                assertThat(d.route().id()).isEqualTo(Route.CATCH_ALL_ID);
            }
        } finally {
            s.tearDown();
        }
    }

    @Test
    void everyOneOfTheThousandSequentialPrefixesMatchesItsOwnRoute() {
        DecisionBenchmark.Decide s = setUp(1000, false, true);
        try {
            var table = s.controller.snapshot().routes();
            for (int i = 0; i < 1000; i++) {
                String id = DecisionBenchmark.routeId(i);
                assertThat(table.route(table.match(DecisionBenchmark.HOST, "/svc-" + i))).as(id)
                        .extracting(Route::id).isEqualTo(id);
                assertThat(table.route(table.match(null, "/svc-" + i + "/a/b/c"))).as(id)
                        .extracting(Route::id).isEqualTo(id);
            }
            assertThat(table.match(DecisionBenchmark.HOST, "/svc-1000")).isZero();
            assertThat(table.match(DecisionBenchmark.HOST, "/svc-10/")).isEqualTo(table.indexOf("svc-10"));
            assertThat(table.match(DecisionBenchmark.HOST, "/svc-1x")).isZero();
        } finally {
            s.tearDown();
        }
    }

    @Test
    void requestPathsAreDistinctForEveryRouteCount() {
        for (int routes : new int[] {1, 100, 1000}) {
            String[] p = DecisionBenchmark.requestPaths(routes);
            assertThat(p).hasSize(DecisionBenchmark.PATHS).doesNotHaveDuplicates();
            assertThat(Arrays.stream(p).filter(x -> x.startsWith("/svc-" + routes / 2 + "/"))).hasSize(1);
        }
    }

    @Test
    void benchmarkMethodBlocksOneRequestInEightWhenARouteIsBlocked() {
        DecisionBenchmark bench = new DecisionBenchmark();
        for (int routes : new int[] {1, 100, 1000}) {
            DecisionBenchmark.Decide s = setUp(routes, true, true);
            try {
                int blocked = 0;
                for (int i = 0; i < 8 * 100; i++) {
                    if (bench.decide(s).isBlocked()) {
                        blocked++;
                    }
                }
                assertThat(blocked).as("routes=%d", routes).isEqualTo(100);
            } finally {
                s.tearDown();
            }
        }
    }

    @Test
    void nothingBlockedWithoutDetailedStatisticsIsIdle() {
        DecisionBenchmark.Decide s = setUp(1000, false, false);
        try {
            assertThat(s.controller.snapshot().isIdle()).isTrue();
            assertThat(new DecisionBenchmark().decide(s)).isSameAs(Decision.PASS);
        } finally {
            s.tearDown();
        }
    }

    @Test
    void detailedStatisticsMatchEveryRequestEvenWithNothingBlocked() {
        DecisionBenchmark.Decide s = setUp(100, false, true);
        try {
            assertThat(s.controller.snapshot().isIdle()).isFalse();
            Decision d = s.controller.snapshot().decide(DecisionBenchmark.HOST, s.paths[0]);
            assertThat(d.isBlocked()).isFalse();
            assertThat(d.route().id()).isEqualTo("svc-50");
        } finally {
            s.tearDown();
        }
    }
}
