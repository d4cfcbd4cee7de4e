package io.github.maintenance.benchmarks;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.MaintenanceFilter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of a bare Jetty 12 against the same Jetty with {@link MaintenanceFilter} in front of
 * the same servlet, nothing blocked, in one JVM. Not a JMH benchmark: a plain main.
 *
 * <p>Both servers listen on port 0 and serve {@code GET /hello} with a fixed 6-byte body. Each
 * run opens {@code threads} HTTP/1.1 keep-alive connections from plain sockets and sends one
 * request at a time on each for a fixed duration; throughput is the number of complete, checked
 * 200 responses per second. After warm-up runs, bare and filtered runs alternate in pairs whose
 * order flips every pair (bare-filtered, filtered-bare, ...) so that slow drift of the machine
 * falls on both sides alike. The result is the median over pairs of filtered/bare.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.maintenance.benchmarks.FilterOverheadBenchmark
 * [--runs 9] [--seconds 5] [--threads 2] [--warmup 2]}; {@code --seconds} accepts fractions.
 */
public final class FilterOverheadBenchmark {

    static final String PATH = "/hello";
    static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = ("GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private FilterOverheadBenchmark() {
    }

    /** Command-line options. */
    record Options(int runs, Duration runTime, int threads, int warmupRuns) {

        static Options defaults() {
            return new Options(9, Duration.ofSeconds(5), 2, 2);
        }

        /** Parses {@code --runs N --seconds S --threads T --warmup W}; every option is optional. */
        static Options parse(String... args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String value = args[i + 1];
                try {
                    o = switch (key) {
                        case "--runs" -> new Options(positive(key, Integer.parseInt(value)), o.runTime, o.threads,
                                o.warmupRuns);
                        case "--seconds" -> new Options(o.runs, seconds(key, Double.parseDouble(value)), o.threads,
                                o.warmupRuns);
                        case "--threads" -> new Options(o.runs, o.runTime, positive(key, Integer.parseInt(value)),
                                o.warmupRuns);
                        case "--warmup" -> new Options(o.runs, o.runTime, o.threads,
                                notNegative(key, Integer.parseInt(value)));
                        default -> throw new IllegalArgumentException(
                                "unknown option " + key + "; expected --runs, --seconds, --threads or --warmup");
                    };
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + key + " expects a number but was '" + value + "'",
                            e);
                }
            }
            return o;
        }

        private static int positive(String key, int v) {
            if (v < 1) {
                throw new IllegalArgumentException("option " + key + " must be at least 1 but was " + v);
            }
            return v;
        }

        private static int notNegative(String key, int v) {
            if (v < 0) {
                throw new IllegalArgumentException("option " + key + " must not be negative but was " + v);
            }
            return v;
        }

        private static Duration seconds(String key, double v) {
            if (!(v > 0 && v <= 3600)) {
                throw new IllegalArgumentException("option " + key + " must be in (0, 3600] but was " + v);
            }
            return Duration.ofNanos((long) (v * 1e9));
        }
    }

    /** Per-run throughputs of both servers, index-aligned by pair. */
    record Report(double[] bare, double[] filtered) {

        /** filtered/bare of each pair. */
        double[] ratios() {
            double[] r = new double[bare.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = filtered[i] / bare[i];
            }
            return r;
        }

        double medianRatio() {
            return median(ratios());
        }
    }

    /** The servlet both servers run: a fixed body with its length. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentType("text/plain");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    /** The two servers: bare, and with the maintenance filter (driven by {@link #controller()}). */
    static final class Servers implements AutoCloseable {
        private final MaintenanceController controller;
        private final Server bare;
        private final Server filtered;

        private Servers(MaintenanceController controller, Server bare, Server filtered) {
            this.controller = controller;
            this.bare = bare;
            this.filtered = filtered;
        }

        /** Starts both servers on free ports; the filter's controller has the default configuration. */
        static Servers start() throws Exception {
            MaintenanceController controller = MaintenanceController.create();
            Server bare = null;
            Server filtered = null;
            try {
                bare = server("bare", null);
                filtered = server("filtered", new MaintenanceFilter(controller));
                bare.start();
                filtered.start();
                return new Servers(controller, bare, filtered);
            } catch (Exception e) {
                stopQuietly(bare);
                stopQuietly(filtered);
                controller.close();
                throw e;
            }
        }

        private static Server server(String name, MaintenanceFilter filter) {
            QueuedThreadPool pool = new QueuedThreadPool(32, 4);
            pool.setName(name);
            Server server = new Server(pool);
            ServerConnector connector = new ServerConnector(server);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            if (filter != null) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setName("maintenance");
                holder.setAsyncSupported(true);
                context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            context.addServlet(new ServletHolder("hello", new HelloServlet()), PATH);
            server.setHandler(context);
            return server;
        }

        int barePort() {
            return port(bare);
        }

        int filteredPort() {
            return port(filtered);
        }

        MaintenanceController controller() {
            return controller;
        }

        private static int port(Server s) {
            return ((ServerConnector) s.getConnectors()[0]).getLocalPort();
        }

        @Override
        public void close() {
            stopQuietly(filtered);
            stopQuietly(bare);
            controller.close();
        }

        private static void stopQuietly(Server s) {
            if (s == null) {
                return;
            }
            try {
                s.stop();
            } catch (Exception e) {
                System.err.println("could not stop a server: " + e);
            }
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
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try (Servers servers = Servers.start()) {
            run(options, servers, System.out);
        }
    }

    /** Warms up, then measures {@code options.runs()} alternating pairs and prints every figure. */
    static Report run(Options o, Servers servers, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%s, %d client thread(s), %d warm-up pair(s), %d measured pair(s) of %.1f s, %d cores%n",
                Runtime.version(), o.threads(), o.warmupRuns(), o.runs(), o.runTime().toMillis() / 1000.0,
                Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < o.warmupRuns(); i++) {
            double b = measure(servers.barePort(), o.threads(), o.runTime());
            double f = measure(servers.filteredPort(), o.threads(), o.runTime());
            out.printf(Locale.ROOT, "warm-up %d: bare %.0f req/s, filtered %.0f req/s%n", i + 1, b, f);
        }
        double[] bare = new double[o.runs()];
        double[] filtered = new double[o.runs()];
        out.printf(Locale.ROOT, "%-4s %-8s %14s %14s %8s%n", "run", "order", "bare req/s", "filtered req/s", "ratio");
        for (int i = 0; i < o.runs(); i++) {
            boolean bareFirst = i % 2 == 0;
            if (bareFirst) {
                bare[i] = measure(servers.barePort(), o.threads(), o.runTime());
                filtered[i] = measure(servers.filteredPort(), o.threads(), o.runTime());
            } else {
                filtered[i] = measure(servers.filteredPort(), o.threads(), o.runTime());
                bare[i] = measure(servers.barePort(), o.threads(), o.runTime());
            }
            out.printf(Locale.ROOT, "%-4d %-8s %14.0f %14.0f %8.4f%n", i + 1, bareFirst ? "B,F" : "F,B", bare[i],
                    filtered[i], filtered[i] / bare[i]);
        }
        Report report = new Report(bare, filtered);
        double[] ratios = report.ratios();
        out.printf(Locale.ROOT, "median bare %.0f req/s, median filtered %.0f req/s%n", median(bare), median(filtered));
        out.printf(Locale.ROOT, "ratio filtered/bare: median %.4f (min %.4f, max %.4f); ratio of medians %.4f%n",
                median(ratios), Arrays.stream(ratios).min().orElse(Double.NaN),
                Arrays.stream(ratios).max().orElse(Double.NaN), median(filtered) / median(bare));
        return report;
    }

    /**
     * Runs {@code threads} keep-alive connections against {@code port} for {@code duration} and
     * returns the completed requests per second.
     *
     * @throws IOException when a response is not a 200 with the expected body
     */
    static double measure(int port, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch connected = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            long[] deadline = new long[1];
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(10_000);
                        OutputStream out = socket.getOutputStream();
                        ResponseReader in = new ResponseReader(socket.getInputStream());
                        connected.countDown();
                        go.await();
                        long end = deadline[0];
                        long n = 0;
                        while (System.nanoTime() - end < 0) {
                            out.write(REQUEST);
                            out.flush();
                            in.readHelloResponse();
                            n++;
                        }
                        return n;
                    }
                }));
            }
            connected.await();
            long start = System.nanoTime();
            deadline[0] = start + duration.toNanos();
            go.countDown();
            long total = 0;
            for (Future<Long> f : results) {
                total += f.get();
            }
            long elapsed = System.nanoTime() - start;
            return total * 1e9 / elapsed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads HTTP/1.1 responses off a keep-alive connection, checking status and body. */
    static final class ResponseReader {
        private final InputStream in;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int limit;

        ResponseReader(InputStream in) {
            this.in = in;
        }

        void readHelloResponse() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 200 ")) {
                throw new IOException("expected a 200 response but got: " + status);
            }
            int length = -1;
            for (String h = line(); !h.isEmpty(); h = line()) {
                if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (h.regionMatches(true, 0, "Connection:", 0, 11) && h.toLowerCase(Locale.ROOT).contains("close")) {
                    throw new IOException("server closed the keep-alive connection");
                }
            }
            if (length != BODY.length) {
                throw new IOException("expected Content-Length " + BODY.length + " but got " + length);
            }
            for (byte b : BODY) {
                if (next() != b) {
                    throw new IOException("unexpected response body");
                }
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c = next(); c != '\n'; c = next()) {
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        private int next() throws IOException {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    throw new IOException("connection closed mid-response");
                }
            }
            return buf[pos++] & 0xff;
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
