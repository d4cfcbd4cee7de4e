package io.github.maintenance.benchmarks;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.route.Route;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import redis.clients.jedis.RedisClient;

/**
 * Propagation latency through Redis: from the call that changes state on one instance to the
 * moment the three other instances all decide differently. Not a JMH benchmark: a plain main.
 *
 * <p>Four controllers in one JVM, each with its own {@link RedisStateStore} (own connections,
 * own subscriber and worker threads), on one Redis under a fresh key prefix. Each toggle
 * alternately enters and exits maintenance for {@code ALL} on the writer, taking
 * {@code System.nanoTime()} just before the call; each reader's {@code decide(host, "/")} is then
 * polled every 20 µs (parking, not spinning, so the pollers leave the CPU to Redis and the
 * subscribers) until it returns the new action. A toggle's latency is that of the last of the
 * three readers. The next toggle starts once all three have changed. The writer's own call
 * (local change plus the compare-and-set in Redis) is reported separately.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.maintenance.benchmarks.PropagationBenchmark
 * [--redis redis://127.0.0.1:6379] [--toggles 200] [--warmup 50]}. It writes under the prefix
 * {@code maintenance-bench-<random>:} and deletes those keys at the end. Logging is at WARN unless
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} says otherwise.
 */
public final class PropagationBenchmark {

    private static final long POLL_NANOS = 20_000;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private PropagationBenchmark() {
    }

    /** Command-line options. */
    record Options(String redis, int toggles, int warmup) {

        /** Parses {@code --redis URI --toggles N --warmup W}; every option is optional. */
        static Options parse(String... args) {
            String redis = "redis://127.0.0.1:6379";
            int toggles = 200;
            int warmup = 50;
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String value = args[i + 1];
                switch (key) {
                    case "--redis" -> redis = value;
                    case "--toggles" -> toggles = count(key, value, 1);
                    case "--warmup" -> warmup = count(key, value, 0);
                    default -> throw new IllegalArgumentException("unknown option " + key
                            + " (expected --redis, --toggles, --warmup)");
                }
            }
            return new Options(redis, toggles, warmup);
        }

        private static int count(String key, String value, int min) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
            }
            if (n < min || n > 1_000_000) {
                throw new IllegalArgumentException(key + " must be " + min + " to 1000000, got " + n);
            }
            return n;
        }
    }

    /**
     * What one run measured, in nanoseconds, one entry per measured toggle.
     *
     * @param all     until the last of the three readers changed its decision
     * @param readers until each reader changed (three entries per toggle)
     * @param writer  the writer's own enter/exit call
     */
    record Report(long[] all, long[] readers, long[] writer) {

        /** The nearest-rank percentile {@code p} (0 to 100) of {@code values}, in milliseconds. */
        static double percentileMillis(long[] values, double p) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        static double meanMillis(long[] values) {
            return Arrays.stream(values).average().orElse(0) / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // Every change is logged at INFO four times here; writing that to the console is not what is measured.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("PropagationBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("load average before: " + loadAverage());
        Report report = run(options, System.out);
        System.out.println("load average after: " + loadAverage());
        print(report, System.out);
    }

    /** Runs the warm-up and measured toggles and returns the measured ones. */
    static Report run(Options options, PrintStream out) {
        String prefix = "maintenance-bench-" + UUID.randomUUID() + ":";
        List<MaintenanceController> controllers = new ArrayList<>();
        try {
            for (String name : List.of("writer", "reader-1", "reader-2", "reader-3")) {
                RedisStateStore store = RedisStateStore.builder(options.redis()).keyPrefix(prefix)
                        .clientName("maintenance-bench").build();
                controllers.add(MaintenanceController.create(MaintenanceConfig.custom()
                        .instanceName(name)
                        .route(Route.builder("api").path("/api").build())
                        .stateStore(store)
                        .build()));
            }
            MaintenanceController writer = controllers.get(0);
            List<MaintenanceController> readers = controllers.subList(1, 4);
            out.printf(Locale.ROOT, "redis %s, prefix %s, %d warm-up and %d measured toggles, 3 readers%n",
                    options.redis(), prefix, options.warmup(), options.toggles());
            for (int i = 0; i < options.warmup(); i++) {
                toggle(writer, readers, i);
            }
            long[] all = new long[options.toggles()];
            long[] each = new long[options.toggles() * readers.size()];
            long[] own = new long[options.toggles()];
            for (int i = 0; i < options.toggles(); i++) {
                long[] t = toggle(writer, readers, options.warmup() + i);
                own[i] = t[0];
                long max = 0;
                for (int r = 0; r < readers.size(); r++) {
                    each[i * readers.size() + r] = t[r + 1];
                    max = Math.max(max, t[r + 1]);
                }
                all[i] = max;
            }
            return new Report(all, each, own);
        } finally {
            controllers.forEach(MaintenanceController::close);
            deleteKeys(options.redis(), prefix);
        }
    }

    /** One toggle: returns the writer's call time, then each reader's latency, in ns. */
    static long[] toggle(MaintenanceController writer, List<MaintenanceController> readers, int i) {
        boolean enter = i % 2 == 0;
        Action expected = enter ? Action.MAINTENANCE : Action.PASS;
        long start = System.nanoTime();
        if (enter) {
            writer.enter("ALL");
        } else {
            writer.exit("ALL");
        }
        long[] t = new long[readers.size() + 1];
        t[0] = System.nanoTime() - start;
        int remaining = readers.size();
        while (remaining > 0) {
            for (int r = 0; r < readers.size(); r++) {
                if (t[r + 1] == 0 && readers.get(r).decide("bench.example.com", "/").action() == expected) {
                    t[r + 1] = Math.max(1, System.nanoTime() - start);
                    remaining--;
                }
            }
            if (remaining > 0) {
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException("toggle " + i + " did not reach every reader within 30 s");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        return t;
    }

    private static void deleteKeys(String uri, String prefix) {
        try (RedisClient jedis = RedisClient.create(java.net.URI.create(uri))) {
            jedis.del(prefix + "state", prefix + "instances");
        } catch (RuntimeException e) {
            System.err.println("PropagationBenchmark: could not delete the keys under " + prefix + ": " + e);
        }
    }

    static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "%-34s %8s %8s %8s %8s %8s%n", "ms", "p50", "p90", "p99", "max", "mean");
        line(out, "all three readers changed", r.all());
        line(out, "each reader", r.readers());
        line(out, "writer's enter/exit call", r.writer());
    }

    private static void line(PrintStream out, String label, long[] v) {
        out.printf(Locale.ROOT, "%-34s %8.3f %8.3f %8.3f %8.3f %8.3f%n", label, Report.percentileMillis(v, 50),
                Report.percentileMillis(v, 90), Report.percentileMillis(v, 99), Report.percentileMillis(v, 100),
                Report.meanMillis(v));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
