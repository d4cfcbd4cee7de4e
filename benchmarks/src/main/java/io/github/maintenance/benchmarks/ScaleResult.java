package io.github.maintenance.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One combination of {@link ScaleBenchmark}: latencies in nanoseconds, one entry per measured
 * change (per instance and change for {@code each}), and the raw transport measured in the same run.
 *
 * @param store          {@code redis} or {@code jdbc}
 * @param instances      controllers, the writer included
 * @param routes         routes declared; all but one in maintenance
 * @param stateBytes     the stored state's text size (UTF-8) with the toggled route serving
 * @param changes        measured changes
 * @param all            until the last other instance decided differently
 * @param each           until each other instance did
 * @param writer         the writer's own call
 * @param raw1           raw transport rounds, one receiver
 * @param rawN           raw transport rounds, {@code instances - 1} receivers
 * @param bytesPerChange bytes on the server's connections per measured change, -1 when unknown
 */
record ScaleResult(String store, int instances, int routes, int stateBytes, int changes, long[] all, long[] each,
        long[] writer, long[] raw1, long[] rawN, long bytesPerChange) {

    static final String CSV_HEADER = "store,instances,routes,state_bytes,changes,p50_ms,p99_ms,max_ms,"
            + "each_p50_ms,each_p99_ms,writer_p50_ms,writer_p99_ms,raw1_p50_ms,raw1_p99_ms,rawN_p50_ms,rawN_p99_ms,"
            + "ratio_p50,ratio_p99,bytes_per_change";

    private static double ms(long[] v, double p) {
        return ScaleBenchmark.ms(v, p);
    }

    /** {@return our p50 over the one-receiver raw transport's p50} */
    double ratioP50() {
        return ms(all, 50) / ms(raw1, 50);
    }

    /** {@return our p99 over the one-receiver raw transport's p99} */
    double ratioP99() {
        return ms(all, 99) / ms(raw1, 99);
    }

    /** {@return this result as one CSV line, in the order of {@link #CSV_HEADER}} */
    String csvLine() {
        return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,"
                + "%.3f,%.3f,%d", store, instances, routes, stateBytes, changes, ms(all, 50), ms(all, 99),
                ms(all, 100), ms(each, 50), ms(each, 99), ms(writer, 50), ms(writer, 99), ms(raw1, 50),
                ms(raw1, 99), ms(rawN, 50), ms(rawN, 99), ratioP50(), ratioP99(), bytesPerChange);
    }

    /** Prints one progress line. */
    void printLine(PrintStream out) {
        out.printf(Locale.ROOT, "  %s %3d instances %6d routes: p50 %.3f p99 %.3f ms (x%.1f / x%.1f raw), "
                + "writer p50 %.3f ms, %d B/change, state %d B, %d changes, load %s%n", store, instances, routes,
                ms(all, 50), ms(all, 99), ratioP50(), ratioP99(), ms(writer, 50), bytesPerChange, stateBytes,
                changes, ScaleBenchmark.loadAverage());
    }

    /** Prints the results as a Markdown table. */
    static void printTable(List<ScaleResult> results, PrintStream out) {
        out.println("| store | instances | routes | state B | p50 ms | p99 ms | each p50 / p99 | writer p50 / p99"
                + " | raw p50 / p99 (1 rcv) | raw p50 / p99 (n-1 rcv) | ratio p50 / p99 | bytes/change |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (ScaleResult r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f"
                    + " | %.3f / %.3f | %.1f / %.1f | %d |%n", r.store(), r.instances(), r.routes(), r.stateBytes(),
                    ms(r.all(), 50), ms(r.all(), 99), ms(r.each(), 50), ms(r.each(), 99), ms(r.writer(), 50),
                    ms(r.writer(), 99), ms(r.raw1(), 50), ms(r.raw1(), 99), ms(r.rawN(), 50), ms(r.rawN(), 99),
                    r.ratioP50(), r.ratioP99(), r.bytesPerChange());
        }
    }

    /**
     * Appends this result to a CSV file as one line, writing the header first when the file is new
     * or empty, so that a long sweep keeps what it measured even if it is stopped.
     */
    void appendCsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file) || Files.size(file) == 0) {
            lines.add(CSV_HEADER);
        }
        lines.add(csvLine());
        Files.write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
