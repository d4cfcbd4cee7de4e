package io.github.maintenance.benchmarks;

import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the request-path decision: {@code controller.snapshot().decide(host, path)}, the one
 * volatile read and the decision the servlet filter makes for every request.
 *
 * <h2>Table and requests</h2>
 * {@link #routes} declared routes, any host, route {@code i} on path {@code /svc-i}. Eight
 * request paths are cycled through an index (so the input is not a constant):
 * <ul>
 *   <li>slot 0: {@code /svc-b/orders/42}, under route {@code b} (the middle one, {@code routes / 2});</li>
 *   <li>slots 1 to 5: {@code /svc-i/items/7} for five other routes spread over the table (with
 *       one route, paths under no route);</li>
 *   <li>slots 6 and 7: {@code /static/app.js} and {@code /}, under no declared route (the
 *       catch-all).</li>
 * </ul>
 * With {@link #blocked} route {@code b} is in maintenance, so one request in eight gets the
 * maintenance decision and every request needs the full route match (three path segments, so
 * three hash probes for the deep paths), which is what the blocked case measures. Without it,
 * and without detailed statistics, the snapshot is idle and {@code decide} returns at once with
 * no match at all; with {@link #detailed} every request is matched and counted (a
 * {@code LongAdder} increment) whether anything is blocked or not.
 *
 * <h2>Baselines</h2>
 * {@link #baselineVolatileRead} returns a volatile field; {@link #baselineVolatileReadAndBranch}
 * also picks the request path by the same index cycling and branches on a flag of the object
 * read, which is what {@code decide} does on an idle snapshot: the floor of any decision.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    /** Host of every request; routes serve any host. */
    static final String HOST = "www.example.com";

    /** Number of request paths; a power of two so the index wraps with a mask. */
    static final int PATHS = 8;

    /** The controller and the request paths of one parameter combination. */
    @State(Scope.Thread)
    public static class Decide {

        @Param({"1", "100", "1000"})
        public int routes;

        @Param({"false", "true"})
        public boolean blocked;

        @Param({"false", "true"})
        public boolean detailed;

        MaintenanceController controller;
        String[] paths;
        int index;

        @Setup(Level.Trial)
        public void setUp() {
            controller = MaintenanceController.create(config(routes, detailed));
            if (blocked) {
                controller.enter(routeId(blockedRoute(routes)));
            }
            paths = requestPaths(routes);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            controller.close();
        }
    }

    /** A volatile reference to a snapshot-like holder, for the baselines. */
    @State(Scope.Thread)
    public static class Baseline {

        /** Stands in for the snapshot: one final flag to branch on. */
        static final class Holder {
            final boolean idle;

            Holder(boolean idle) {
                this.idle = idle;
            }
        }

        volatile Holder holder;
        String[] paths;
        int index;

        @Setup(Level.Trial)
        public void setUp() {
            holder = new Holder(true);
            paths = requestPaths(1000);
        }
    }

    @Benchmark
    public Decision decide(Decide s) {
        String path = s.paths[s.index++ & (PATHS - 1)];
        return s.controller.snapshot().decide(HOST, path);
    }

    @Benchmark
    public Object baselineVolatileRead(Baseline s) {
        return s.holder;
    }

    @Benchmark
    public Object baselineVolatileReadAndBranch(Baseline s) {
        String path = s.paths[s.index++ & (PATHS - 1)];
        Baseline.Holder h = s.holder;
        if (h.idle) {
            return h;
        }
        return path;
    }

    // ---- shared with the smoke test ------------------------------------------------------------

    /** The configuration of a benchmark controller: no timer thread, listeners inline. */
    static MaintenanceConfig config(int routes, boolean detailed) {
        List<Route> list = new ArrayList<>(routes);
        for (int i = 0; i < routes; i++) {
            list.add(Route.builder(routeId(i)).path("/svc-" + i).build());
        }
        return MaintenanceConfig.custom()
                .routes(list)
                .detailedStatistics(detailed)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .build();
    }

    static String routeId(int i) {
        return "svc-" + i;
    }

    /** Index of the route put in maintenance when {@code blocked}. */
    static int blockedRoute(int routes) {
        return routes / 2;
    }

    /** The request path of slot 0, under the blocked route. */
    static String blockedPath(int routes) {
        return "/svc-" + blockedRoute(routes) + "/orders/42";
    }

    /** The {@link #PATHS} request paths, described in the class comment. */
    static String[] requestPaths(int routes) {
        String[] p = new String[PATHS];
        int b = blockedRoute(routes);
        p[0] = blockedPath(routes);
        for (int k = 1; k <= 5; k++) {
            int r = (b + k * Math.max(1, routes / 6)) % routes;
            p[k] = routes > 5 && r != b ? "/svc-" + r + "/items/7" : "/other-" + k + "/items/7";
        }
        p[6] = "/static/app.js";
        p[7] = "/";
        return p;
    }
}
