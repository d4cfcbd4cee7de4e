package io.github.maintenance.spi;

import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.stats.Totals;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/**
 * The one text form of an {@link InstanceReport} kept by the stores that implement
 * {@link ClusterStore} outside the JVM: the {@link Properties} format, like the state. Keys:
 * {@code format} ({@code 1.0}), {@code instance}, {@code heartbeat} and {@code started}
 * (ISO-8601 instants), {@code applied_version}, {@code store_available} ({@code true} or
 * {@code false}) and {@code totals.*}, one per {@link Totals} component ({@code totals.routes},
 * {@code totals.in_maintenance}, …). Stateless and thread-safe.
 */
public final class InstanceReportFormat {

    /** The longest text {@link #decode} reads. */
    public static final int MAX_LENGTH = 16 * 1024;

    private static final String[] TOTALS = {"routes", "in_maintenance", "draining", "circuit_open",
        "maintenance_hits", "drain_rejected", "circuit_rejected", "requests", "passed", "errors",
        "lifetime_maintenance_hits", "lifetime_drain_rejected"};

    private InstanceReportFormat() {
    }

    /**
     * {@return {@code report} as text}
     *
     * @param report the report
     */
    public static String encode(InstanceReport report) {
        Properties p = new Properties();
        p.setProperty("format", "1.0");
        p.setProperty("instance", report.instance());
        p.setProperty("heartbeat", report.heartbeat().toString());
        p.setProperty("started", report.started().toString());
        p.setProperty("applied_version", Long.toString(report.appliedVersion()));
        p.setProperty("store_available", Boolean.toString(report.storeAvailable()));
        Totals t = report.totals();
        long[] v = {t.routes(), t.inMaintenance(), t.draining(), t.circuitOpen(), t.maintenanceHits(),
            t.drainRejected(), t.circuitRejected(), t.requests(), t.passed(), t.errors(),
            t.lifetimeMaintenanceHits(), t.lifetimeDrainRejected()};
        for (int i = 0; i < TOTALS.length; i++) {
            p.setProperty("totals." + TOTALS[i], Long.toString(v[i]));
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Drops the date comment Properties.store writes first, so that equal reports have equal texts.
        String text = out.toString();
        return text.startsWith("#") ? text.substring(text.indexOf('\n') + 1) : text;
    }

    /**
     * Reads a report written by {@link #encode}.
     *
     * @param text the text, at most {@value #MAX_LENGTH} characters
     * @return the report
     * @throws IllegalArgumentException naming what is wrong when the text is damaged, too long or
     *                                  of another major format
     */
    public static InstanceReport decode(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(text == null ? "no report" : "longer than " + MAX_LENGTH + " characters");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a report: " + e.getMessage(), e);
        }
        String format = p.getProperty("format", "");
        if (!format.startsWith("1.")) {
            throw new IllegalArgumentException("unknown report format '" + format + "'");
        }
        long[] v = new long[TOTALS.length];
        for (int i = 0; i < TOTALS.length; i++) {
            v[i] = number(p, "totals." + TOTALS[i]);
        }
        for (int i = 0; i < 4; i++) {
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("totals." + TOTALS[i] + " out of range");
            }
        }
        Totals totals = new Totals((int) v[0], (int) v[1], (int) v[2], (int) v[3], v[4], v[5], v[6], v[7], v[8],
                v[9], v[10], v[11]);
        String available = required(p, "store_available");
        if (!available.equals("true") && !available.equals("false")) {
            throw new IllegalArgumentException("store_available is not true or false");
        }
        try {
            return new InstanceReport(required(p, "instance"), instant(p, "heartbeat"), instant(p, "started"),
                    number(p, "applied_version"), Boolean.parseBoolean(available), totals);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad report: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static Instant instant(Properties p, String key) {
        try {
            return Instant.parse(required(p, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an instant");
        }
    }

    private static long number(Properties p, String key) {
        try {
            return Long.parseLong(required(p, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number");
        }
    }
}
