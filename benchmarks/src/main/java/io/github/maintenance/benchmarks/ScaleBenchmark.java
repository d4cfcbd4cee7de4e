package io.github.maintenance.benchmarks;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.Changes;
import io.github.maintenance.jdbc.JdbcStateStore;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredStateFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import redis.clients.jedis.Jedis;

/**
 * How propagation scales with the number of instances and the size of the state, through Redis
 * and PostgreSQL, next to the transport's own limit measured in the same run. A plain main.
 *
 * <p>For each store it starts a throwaway server ({@link StoreServers}), measures the raw
 * transport ({@link RawTransport}: {@code PUBLISH → SUBSCRIBE}, {@code NOTIFY → LISTEN}) to one
 * receiver, and then, for every combination of {@code --instances} and {@code --routes}:
 * <ol>
 *   <li>builds that many controllers in this JVM, each with its own store object (own
 *       connections and threads), under a fresh key;</li>
 *   <li>declares {@code routes} routes ({@code r0} ... and the toggled {@code t}) in every
 *       controller, and puts all but {@code t} into maintenance with one batch on the writer, so
 *       the stored state holds {@code routes - 1} route entries (one more while {@code t} is in
 *       maintenance): the state grows with the routes;</li>
 *   <li>toggles {@code t} on the writer (enter, exit, ...), taking {@code System.nanoTime()} just
 *       before the call, and polls every other instance's {@code decide(host, "/t")} every 20 µs
 *       until it returns the new action; a change's latency is the last instance's;</li>
 *   <li>measures the raw transport fanned out to {@code instances - 1} receivers, and the bytes the
 *       server's connections carried during the measured changes ({@link ServerBytes}), per change.</li>
 * </ol>
 * Only public API is used (controller, {@link StateStore} builders), so the same command measures
 * any store implementation.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.maintenance.benchmarks.ScaleBenchmark
 * [--store redis|jdbc|both] [--instances 3,10,30] [--routes 10,1000,10000] [--changes 200]
 * [--warmup 50] [--max-seconds 60] [--csv scale.csv] [--heartbeat-seconds N]}. {@code --csv} appends
 * a line per combination as soon as it is measured (the header when the file is new). {@code --max-seconds}
 * ends a combination's measured changes early (after at least 3; the count measured is printed), and
 * its warm-up after a third of that (after at least 1);
 * {@code --heartbeat-seconds} sets the stores' connection heartbeat (default: the stores' own).
 */
public final class ScaleBenchmark {

    /** Poll interval of the readers' decisions and of the raw receivers' arrivals. */
    static final long POLL_NANOS = 20_000;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String HOST = "bench.example.com";
    /** Measured changes made even when {@code --max-seconds} has passed. */
    private static final int MIN_CHANGES = 3;

    private ScaleBenchmark() {
    }

    /** Command-line options. */
    record Options(List<String> stores, int[] instances, int[] routes, int changes, int warmup, int maxSeconds,
            Path csv, Duration heartbeat) {

        static Options parse(String... args) {
            List<String> stores = List.of("redis", "jdbc");
            int[] instances = {3, 10, 30};
            int[] routes = {10, 1000, 10000};
            int changes = 200;
            int warmup = 50;
            int maxSeconds = 60;
            Path csv = null;
            Duration heartbeat = null;
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String value = args[i + 1];
                switch (key) {
                    case "--store" -> stores = switch (value) {
                        case "redis" -> List.of("redis");
                        case "jdbc" -> List.of("jdbc");
                        case "both" -> List.of("redis", "jdbc");
                        default -> throw new IllegalArgumentException("--store must be redis, jdbc or both, got '"
                                + value + "'");
                    };
                    case "--instances" -> instances = list(key, value, 2, 200);
                    case "--routes" -> routes = list(key, value, 2, StoredStateFormat.MAX_ROUTES);
                    case "--changes" -> changes = count(key, value, 1, 1_000_000);
                    case "--warmup" -> warmup = count(key, value, 0, 1_000_000);
                    case "--max-seconds" -> maxSeconds = count(key, value, 1, 86_400);
                    case "--csv" -> csv = Path.of(value);
                    case "--heartbeat-seconds" -> heartbeat = Duration.ofSeconds(count(key, value, 1, 60));
                    default -> throw new IllegalArgumentException("unknown option " + key + " (expected --store,"
                            + " --instances, --routes, --changes, --warmup, --max-seconds, --csv,"
                            + " --heartbeat-seconds)");
                }
            }
            return new Options(stores, instances, routes, changes, warmup, maxSeconds, csv, heartbeat);
        }

        private static int[] list(String key, String value, int min, int max) {
            String[] parts = value.split(",", -1);
            int[] n = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                n[i] = count(key, parts[i].trim(), min, max);
            }
            return n;
        }

        private static int count(String key, String value, int min, int max) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", got " + n);
            }
            return n;
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ScaleBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<ScaleResult> results = run(options, System.out);
        ScaleResult.printTable(results, System.out);
        if (options.csv() != null) {
            System.out.println("appended to " + options.csv());
        }
    }

    /** Runs every store and combination; prints progress to {@code out}. */
    static List<ScaleResult> run(Options options, PrintStream out) throws Exception {
        List<ScaleResult> results = new ArrayList<>();
        for (String store : options.stores()) {
            out.println("load average before " + store + ": " + loadAverage());
            try (StoreServers.Server server = store.equals("redis") ? StoreServers.redis() : StoreServers.postgres()) {
                Thread stopOnExit = new Thread(server::close, "bench-store-stop");
                Runtime.getRuntime().addShutdownHook(stopOnExit); // a killed benchmark leaves no server behind
                Backend backend = store.equals("redis") ? new RedisBackend(server.port(), options.heartbeat())
                        : new JdbcBackend(server.port(), options.heartbeat());
                long[] raw1 = raw(backend, 1, options);
                out.printf(Locale.ROOT, "%s raw transport, 1 receiver: p50 %.3f ms, p99 %.3f ms%n", store,
                        ms(raw1, 50), ms(raw1, 99));
                for (int n : options.instances()) {
                    long[] rawN = raw(backend, n - 1, options);
                    for (int r : options.routes()) {
                        ScaleResult result = combination(backend, server.port(), n, r, raw1, rawN, options, out);
                        results.add(result);
                        result.printLine(out);
                        if (options.csv() != null) {
                            result.appendCsv(options.csv());
                        }
                    }
                }
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
            out.println("load average after " + store + ": " + loadAverage());
        }
        return results;
    }

    private static long[] raw(Backend backend, int receivers, Options options) throws Exception {
        try (RawTransport.Link link = backend.raw(receivers)) {
            return RawTransport.measure(link, options.warmup(), options.changes());
        }
    }

    /** One store, instance count and route count. */
    private static ScaleResult combination(Backend backend, int port, int instances, int routes, long[] raw1,
            long[] rawN, Options options, PrintStream out) throws Exception {
        String key = "bench-" + UUID.randomUUID();
        List<MaintenanceController> controllers = new ArrayList<>();
        List<StateStore> stores = new ArrayList<>();
        try {
            List<Route> declared = new ArrayList<>();
            for (int i = 0; i < routes - 1; i++) {
                declared.add(Route.builder("r" + i).path("/r" + i).build());
            }
            declared.add(Route.builder("t").path("/t").build());
            for (int i = 0; i < instances; i++) {
                StateStore store = backend.store(key);
                stores.add(store);
                MaintenanceConfig.Builder config = MaintenanceConfig.custom().instanceName("bench-" + i)
                        .stateStore(store);
                declared.forEach(config::route);
                controllers.add(MaintenanceController.create(config.build()));
            }
            backend.awaitReady(stores);
            MaintenanceController writer = controllers.get(0);
            List<MaintenanceController> readers = controllers.subList(1, instances);
            if (routes > 1) {
                List<Change> enter = new ArrayList<>();
                for (int i = 0; i < routes - 1; i++) {
                    enter.add(Change.enter("r" + i));
                }
                writer.apply(Changes.of(enter), Cause.api());
                awaitAll(readers, "/r" + (routes - 2), Action.MAINTENANCE);
            }
            int stateBytes = stores.get(0).load().map(s -> StoredStateFormat.encodeBytes(s).length).orElse(0);
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds()) / 3;
            int warm = 0;
            while (warm < options.warmup() && (warm < 1 || System.nanoTime() < warmupEnd)) {
                toggle(writer, readers, warm++);
            }
            long[] all = new long[options.changes()];
            long[] each = new long[options.changes() * readers.size()];
            long[] own = new long[options.changes()];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds());
            long bytesBefore = ServerBytes.total(port);
            int done = 0;
            while (done < options.changes() && (done < MIN_CHANGES || System.nanoTime() < deadline)) {
                long[] t = toggle(writer, readers, warm + done);
                own[done] = t[0];
                long max = 0;
                for (int r = 0; r < readers.size(); r++) {
                    each[done * readers.size() + r] = t[r + 1];
                    max = Math.max(max, t[r + 1]);
                }
                all[done] = max;
                done++;
            }
            long bytesAfter = ServerBytes.total(port);
            long bytesPerChange = bytesBefore < 0 || bytesAfter < 0 ? -1 : (bytesAfter - bytesBefore) / done;
            if (done < options.changes()) {
                out.printf(Locale.ROOT, "  (%s, %d instances, %d routes: %d warm-up and %d measured changes within"
                        + " the time limit of %d s)%n", backend.name(), instances, routes, warm, done,
                        options.maxSeconds());
            }
            return new ScaleResult(backend.name(), instances, routes, stateBytes, done,
                    Arrays.copyOf(all, done), Arrays.copyOf(each, done * readers.size()), Arrays.copyOf(own, done),
                    raw1, rawN, bytesPerChange);
        } finally {
            controllers.forEach(MaintenanceController::close);
            backend.cleanUp(key);
        }
    }

    /** One change: the writer's call time, then each reader's latency, in ns. */
    static long[] toggle(MaintenanceController writer, List<MaintenanceController> readers, int i) {
        boolean enter = i % 2 == 0;
        Action expected = enter ? Action.MAINTENANCE : Action.PASS;
        long start = System.nanoTime();
        if (enter) {
            writer.enter("t");
        } else {
            writer.exit("t");
        }
        long[] t = new long[readers.size() + 1];
        t[0] = System.nanoTime() - start;
        int remaining = readers.size();
        while (remaining > 0) {
            for (int r = 0; r < readers.size(); r++) {
                if (t[r + 1] == 0 && readers.get(r).decide(HOST, "/t").action() == expected) {
                    t[r + 1] = Math.max(1, System.nanoTime() - start);
                    remaining--;
                }
            }
            if (remaining > 0) {
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException("change " + i + " did not reach every instance within 60 s");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        return t;
    }

    private static void awaitAll(List<MaintenanceController> readers, String path, Action expected) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (MaintenanceController c : readers) {
            while (c.decide(HOST, path).action() != expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the set-up batch did not reach every instance within 60 s");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    static double ms(long[] values, double p) {
        return PropagationBenchmark.Report.percentileMillis(values, p);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** What differs between the stores: how to build one, the raw transport, the clean-up. */
    interface Backend {

        String name();

        StateStore store(String key);

        void awaitReady(List<StateStore> stores);

        RawTransport.Link raw(int receivers) throws Exception;

        void cleanUp(String key);
    }

    /** Redis: {@link RedisStateStore} under the prefix {@code KEY:}. */
    record RedisBackend(int port, Duration heartbeat) implements Backend {

        @Override
        public String name() {
            return "redis";
        }

        private String uri() {
            return "redis://127.0.0.1:" + port;
        }

        @Override
        public StateStore store(String key) {
            RedisStateStore.Builder b = RedisStateStore.builder(uri()).keyPrefix(key + ":")
                    .clientName("maintenance-bench");
            return (heartbeat == null ? b : b.heartbeat(heartbeat)).build();
        }

        @Override
        public void awaitReady(List<StateStore> stores) {
            // each store has subscribed before its builder returned its first state
        }

        @Override
        public RawTransport.Link raw(int receivers) throws Exception {
            return RawTransport.redis(port, receivers);
        }

        @Override
        public void cleanUp(String key) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.keys(key + ":*").forEach(jedis::del);
            }
        }
    }

    /** PostgreSQL: {@link JdbcStateStore} with {@code LISTEN/NOTIFY}, one row per key. */
    record JdbcBackend(int port, Duration heartbeat) implements Backend {

        @Override
        public String name() {
            return "jdbc";
        }

        private String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        @Override
        public StateStore store(String key) {
            JdbcStateStore.Builder b = JdbcStateStore.builder(url(), "bench", "").key(key).notifications(true);
            return (heartbeat == null ? b : b.heartbeat(heartbeat)).build();
        }

        @Override
        public void awaitReady(List<StateStore> stores) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!stores.stream().allMatch(s -> ((JdbcStateStore) s).propagation().equals("LISTEN/NOTIFY"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the stores did not all LISTEN within 60 s");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }

        @Override
        public RawTransport.Link raw(int receivers) throws Exception {
            return RawTransport.postgres(url(), "bench", receivers);
        }

        @Override
        public void cleanUp(String key) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), "bench", "");
                    java.sql.PreparedStatement s = c.prepareStatement("DELETE FROM "
                            + JdbcStateStore.DEFAULT_TABLE_PREFIX + "state WHERE store_key = ?")) {
                s.setString(1, key);
                s.executeUpdate();
            } catch (java.sql.SQLException e) {
                System.err.println("ScaleBenchmark: could not delete the row of key " + key + ": " + e);
            }
        }
    }
}
