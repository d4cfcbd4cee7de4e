package io.github.maintenance.benchmarks;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.jdbc.JdbcStateStore;
import io.github.maintenance.route.Route;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Propagation latency through the JDBC store: from the call that changes state on one instance to
 * the moment the three other instances all decide differently, with PostgreSQL's
 * {@code LISTEN/NOTIFY} or with polling. Not a JMH benchmark: a plain main, measuring exactly as
 * {@link PropagationBenchmark} does for Redis (same toggle, same report).
 *
 * <p>Four controllers in one JVM, each with its own {@link JdbcStateStore} (own listener
 * connection, listener and worker threads), on one database under a fresh store key.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.maintenance.benchmarks.JdbcPropagationBenchmark
 * --jdbc jdbc:postgresql://127.0.0.1:5432/postgres [--user U] [--password P] [--mode notify|poll]
 * [--poll-interval-ms 1000] [--toggles 200] [--warmup 50]}. It writes the row of key
 * {@code bench-<random>} in {@code maintenance_state} and deletes it at the end.
 */
public final class JdbcPropagationBenchmark {

    private JdbcPropagationBenchmark() {
    }

    /** Command-line options. */
    record Options(String jdbc, String user, String password, boolean notifications, Duration pollInterval, int toggles,
            int warmup) {

        /** Parses the options; {@code --jdbc} is required. */
        static Options parse(String... args) {
            String jdbc = null;
            String user = null;
            String password = null;
            boolean notifications = true;
            Duration poll = JdbcStateStore.DEFAULT_POLL_INTERVAL;
            int toggles = 200;
            int warmup = 50;
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String value = args[i + 1];
                switch (key) {
                    case "--jdbc" -> jdbc = value;
                    case "--user" -> user = value;
                    case "--password" -> password = value;
                    case "--mode" -> notifications = switch (value) {
                        case "notify" -> true;
                        case "poll" -> false;
                        default -> throw new IllegalArgumentException("--mode must be notify or poll, got '"
                                + value + "'");
                    };
                    case "--poll-interval-ms" -> poll = Duration.ofMillis(count(key, value, 10));
                    case "--toggles" -> toggles = count(key, value, 1);
                    case "--warmup" -> warmup = count(key, value, 0);
                    default -> throw new IllegalArgumentException("unknown option " + key + " (expected --jdbc,"
                            + " --user, --password, --mode, --poll-interval-ms, --toggles, --warmup)");
                }
            }
            if (jdbc == null) {
                throw new IllegalArgumentException("--jdbc URL is required");
            }
            return new Options(jdbc, user, password, notifications, poll, toggles, warmup);
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

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("JdbcPropagationBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("load average before: " + loadAverage());
        PropagationBenchmark.Report report = run(options, System.out);
        System.out.println("load average after: " + loadAverage());
        PropagationBenchmark.print(report, System.out);
    }

    /** Runs the warm-up and measured toggles and returns the measured ones. */
    static PropagationBenchmark.Report run(Options options, PrintStream out) {
        String key = "bench-" + UUID.randomUUID();
        List<MaintenanceController> controllers = new ArrayList<>();
        List<JdbcStateStore> stores = new ArrayList<>();
        try {
            for (String name : List.of("writer", "reader-1", "reader-2", "reader-3")) {
                JdbcStateStore store = JdbcStateStore.builder(options.jdbc(), options.user(), options.password())
                        .key(key).notifications(options.notifications()).pollInterval(options.pollInterval()).build();
                stores.add(store);
                controllers.add(MaintenanceController.create(MaintenanceConfig.custom()
                        .instanceName(name)
                        .route(Route.builder("api").path("/api").build())
                        .stateStore(store)
                        .build()));
            }
            awaitPropagation(stores, options.notifications() ? "LISTEN/NOTIFY" : "polling");
            MaintenanceController writer = controllers.get(0);
            List<MaintenanceController> readers = controllers.subList(1, 4);
            out.printf(Locale.ROOT, "%s, key %s, %s%s, %d warm-up and %d measured toggles, 3 readers%n",
                    options.jdbc(), key, stores.get(0).propagation(), options.notifications() ? ""
                            : " every " + options.pollInterval().toMillis() + " ms",
                    options.warmup(), options.toggles());
            for (int i = 0; i < options.warmup(); i++) {
                PropagationBenchmark.toggle(writer, readers, i);
            }
            long[] all = new long[options.toggles()];
            long[] each = new long[options.toggles() * readers.size()];
            long[] own = new long[options.toggles()];
            for (int i = 0; i < options.toggles(); i++) {
                long[] t = PropagationBenchmark.toggle(writer, readers, options.warmup() + i);
                own[i] = t[0];
                long max = 0;
                for (int r = 0; r < readers.size(); r++) {
                    each[i * readers.size() + r] = t[r + 1];
                    max = Math.max(max, t[r + 1]);
                }
                all[i] = max;
            }
            return new PropagationBenchmark.Report(all, each, own);
        } finally {
            controllers.forEach(MaintenanceController::close);
            deleteRow(options, key);
        }
    }

    /** Waits up to 30 s until every store's listener is connected with the expected propagation. */
    private static void awaitPropagation(List<JdbcStateStore> stores, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!stores.stream().allMatch(s -> s.propagation().equals(expected))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stores did not all connect with " + expected + " within 30 s: "
                        + stores.stream().map(JdbcStateStore::propagation).toList());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static void deleteRow(Options options, String key) {
        Properties p = new Properties();
        if (options.user() != null) {
            p.setProperty("user", options.user());
        }
        if (options.password() != null) {
            p.setProperty("password", options.password());
        }
        try (Connection c = DriverManager.getConnection(options.jdbc(), p);
                PreparedStatement s = c.prepareStatement("DELETE FROM "
                        + JdbcStateStore.DEFAULT_TABLE_PREFIX + "state WHERE store_key = ?")) {
            s.setString(1, key);
            s.executeUpdate();
        } catch (SQLException e) {
            System.err.println("JdbcPropagationBenchmark: could not delete the row of key " + key + ": " + e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
