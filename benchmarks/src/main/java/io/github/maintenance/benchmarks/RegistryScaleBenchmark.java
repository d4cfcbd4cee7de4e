package io.github.maintenance.benchmarks;

import io.github.maintenance.benchmarks.RegistryBenchmark.HttpProbe;
import io.github.maintenance.benchmarks.RegistryBenchmark.LineClient;
import io.github.maintenance.benchmarks.RegistryBenchmark.Setup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Registry {@code MAINT_ENTER} to the next HTTP request that sees maintenance, with 1, 100 and
 * 1 000 idle registered sessions, next to a plain HTTP round trip on the same Jetty and the
 * registry's own part, all in one run. A plain main.
 *
 * <p>Same set-up as {@link RegistryBenchmark} (a controller, a Jetty 12 with the filter, a
 * registry, in this JVM, on loopback). For each session count it opens that many more registered
 * sessions (minus the measuring one), leaves them idle, and runs three loops of {@code cycles}
 * cycles after {@code warmup} warm-up cycles each:
 * <ol>
 *   <li><b>enter → visible</b>: a plain {@code GET /admin} (its time is the <b>HTTP round trip</b>),
 *       then {@code MAINT_ENTER|sid|admin|} is written and {@code GET /admin} repeated on the
 *       same keep-alive connection until one answers 503; the figure runs from just before the
 *       write to the end of that response;</li>
 *   <li><b>command → reply</b>: from just before writing {@code MAINT_ENTER} to reading its
 *       {@code MAINT_OK} (the registry reads the line, applies the change to the controller, which
 *       publishes the new snapshot, and writes {@code ACK} and {@code MAINT_OK});</li>
 *   <li><b>enter → snapshot</b>: until the controller's snapshot (what the filter reads) shows
 *       it, the client yielding between polls.</li>
 * </ol>
 * Every cycle then exits maintenance and waits for 200 again.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.maintenance.benchmarks.RegistryScaleBenchmark
 * [--sessions 1,100,1000] [--cycles 2000] [--warmup 500]}.
 */
public final class RegistryScaleBenchmark {

    private RegistryScaleBenchmark() {
    }

    /** Command-line options. */
    record Options(int[] sessions, int cycles, int warmup) {

        static Options parse(String... args) {
            int[] sessions = {1, 100, 1000};
            int cycles = 2000;
            int warmup = 500;
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String value = args[i + 1];
                switch (key) {
                    case "--sessions" -> {
                        String[] parts = value.split(",", -1);
                        sessions = new int[parts.length];
                        for (int p = 0; p < parts.length; p++) {
                            sessions[p] = count(key, parts[p].trim(), 1, 1100);
                        }
                    }
                    case "--cycles" -> cycles = count(key, value, 1, 1_000_000);
                    case "--warmup" -> warmup = count(key, value, 0, 1_000_000);
                    default -> throw new IllegalArgumentException("unknown option " + key
                            + " (expected --sessions, --cycles, --warmup)");
                }
            }
            return new Options(sessions, cycles, warmup);
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

    /**
     * One session count's sorted figures, in nanoseconds.
     *
     * @param sessions registered sessions, the measuring one included
     * @param visible  enter → first 503
     * @param http     plain HTTP round trip
     * @param reply    enter → {@code MAINT_OK} read
     * @param snapshot enter → the snapshot shows it
     */
    record Result(int sessions, long[] visible, long[] http, long[] reply, long[] snapshot) {

        double ratioP99() {
            return ms(visible, 99) / ms(http, 99);
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
            System.err.println("RegistryScaleBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<Result> results = new ArrayList<>();
        try (Setup setup = Setup.start()) {
            for (int sessions : options.sessions()) {
                Result r = run(setup, sessions, options.cycles(), options.warmup());
                results.add(r);
                System.out.printf(Locale.ROOT, "  %d sessions: enter->visible p50 %.3f p99 %.3f ms, HTTP p50 %.3f"
                        + " p99 %.3f ms, load %s%n", sessions, ms(r.visible(), 50), ms(r.visible(), 99),
                        ms(r.http(), 50), ms(r.http(), 99), loadAverage());
            }
        }
        print(results, System.out);
    }

    /** Opens {@code sessions - 1} idle sessions and measures with one more. */
    static Result run(Setup setup, int sessions, int cycles, int warmup) throws Exception {
        int port = setup.registry.port();
        List<LineClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < sessions - 1; i++) {
                idle.add(LineClient.register(port, "bench-idle-" + i));
            }
            long[] visible = new long[cycles];
            long[] http = new long[cycles];
            long[] reply = new long[cycles];
            long[] snapshot = new long[cycles];
            try (LineClient c = LineClient.register(port, "bench-enter");
                    HttpProbe probe = new HttpProbe(setup.connector.getLocalPort())) {
                for (int i = -warmup; i < cycles; i++) {
                    long t = System.nanoTime();
                    expectStatus(probe.get(), 200);
                    long plain = System.nanoTime() - t;
                    long t0 = System.nanoTime();
                    c.send("MAINT_ENTER|" + c.sid + "|admin|");
                    while (probe.get() != 503) {
                        // until a request sees maintenance
                    }
                    long t1 = System.nanoTime();
                    readEnterReply(c);
                    exit(c, probe);
                    if (i >= 0) {
                        visible[i] = t1 - t0;
                        http[i] = plain;
                    }
                }
                for (int i = -warmup; i < cycles; i++) {
                    long t0 = System.nanoTime();
                    c.send("MAINT_ENTER|" + c.sid + "|admin|");
                    readEnterReply(c);
                    long t1 = System.nanoTime();
                    exit(c, probe);
                    if (i >= 0) {
                        reply[i] = t1 - t0;
                    }
                }
                for (int i = -warmup; i < cycles; i++) {
                    long t0 = System.nanoTime();
                    c.send("MAINT_ENTER|" + c.sid + "|admin|");
                    while (!inMaintenance(setup)) {
                        Thread.yield(); // leave the cores to the registry's thread
                    }
                    long t1 = System.nanoTime();
                    readEnterReply(c);
                    exit(c, probe);
                    if (i >= 0) {
                        snapshot[i] = t1 - t0;
                    }
                }
            }
            Arrays.sort(visible);
            Arrays.sort(http);
            Arrays.sort(reply);
            Arrays.sort(snapshot);
            return new Result(sessions, visible, http, reply, snapshot);
        } finally {
            for (LineClient c : idle) {
                c.close();
            }
        }
    }

    private static boolean inMaintenance(Setup setup) {
        var state = setup.controller.snapshot().state("admin");
        return state != null && state.inMaintenance();
    }

    private static void readEnterReply(LineClient c) throws IOException {
        expect(c.readLine(), "ACK");
        expect(c.readLine(), "MAINT_OK|admin");
    }

    private static void exit(LineClient c, HttpProbe probe) throws IOException {
        c.send("MAINT_EXIT|" + c.sid + "|admin");
        expect(c.readLine(), "ACK");
        expect(c.readLine(), "MAINT_OK|admin");
        while (probe.get() != 200) {
            // until serving again
        }
    }

    private static void expect(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + " but got " + actual);
        }
    }

    private static void expectStatus(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected HTTP " + expected + " but got " + actual);
        }
    }

    static double ms(long[] sorted, double p) {
        return RegistryBenchmark.Report.percentile(sorted, p) / 1e6;
    }

    /** Prints the results as a Markdown table. */
    static void print(List<Result> results, PrintStream out) {
        out.println("| sessions | enter → visible p50 / p99 / max | HTTP round trip p50 / p99 | ratio p99"
                + " | command → reply p50 / p99 | enter → snapshot p50 / p99 |");
        out.println("|---|---|---|---|---|---|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %d | %.3f / %.3f / %.3f ms | %.3f / %.3f ms | %.1f | %.3f / %.3f ms"
                    + " | %.3f / %.3f ms |%n", r.sessions(), ms(r.visible(), 50), ms(r.visible(), 99),
                    ms(r.visible(), 100), ms(r.http(), 50), ms(r.http(), 99), r.ratioP99(), ms(r.reply(), 50),
                    ms(r.reply(), 99), ms(r.snapshot(), 50), ms(r.snapshot(), 99));
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
