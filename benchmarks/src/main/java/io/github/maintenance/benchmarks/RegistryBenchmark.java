package io.github.maintenance.benchmarks;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.RegistryConfig;
import io.github.maintenance.registry.RegistryServer;
import io.github.maintenance.route.Route;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
 * Load measurements of the registry, over real sockets in one JVM. Not a JMH benchmark: a plain
 * main, because what is measured is a network round trip and a cross-thread hand-off.
 *
 * <ol>
 *   <li><b>PING round trips per second</b> on one connection (one {@code PING|sid} at a time,
 *       waiting for each {@code PONG}), and over {@code connections} connections at once (100 by
 *       default, one client thread each).</li>
 *   <li><b>Time from MAINT_ENTER to the first request that sees maintenance</b>, per cycle: the
 *       client writes {@code MAINT_ENTER|sid|admin|} and at once starts sending {@code GET /admin}
 *       requests, one at a time on a keep-alive HTTP/1.1 connection to a Jetty with the
 *       {@link MaintenanceFilter}; the figure is the time from just before the write until the
 *       first 503 response has been read. It therefore includes at least one HTTP round trip;
 *       the plain HTTP round trip is reported next to it. A second figure, "snapshot", is the
 *       time until the controller's snapshot (what the filter reads) shows the maintenance,
 *       measured in a second loop by the client thread polling it (yielding between polls). Each cycle then reads the
 *       {@code ACK}/{@code MAINT_OK}, exits maintenance and waits for 200 again.</li>
 *   <li>The same registry with {@code sessions} connections open and registered (1 000 by
 *       default): threads and heap in use, and the PING rate on one of them.</li>
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.maintenance.benchmarks.RegistryBenchmark [--seconds 10] [--connections 100]
 * [--cycles 2000] [--warmup-cycles 500] [--sessions 1000]}; {@code --seconds} accepts fractions.
 */
public final class RegistryBenchmark {

    private RegistryBenchmark() {
    }

    /** Command-line options. */
    record Options(Duration runTime, int connections, int cycles, int warmupCycles, int sessions) {

        static Options defaults() {
            return new Options(Duration.ofSeconds(10), 100, 2000, 500, 1000);
        }

        static Options parse(String... args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String v = args[i + 1];
                try {
                    o = switch (key) {
                        case "--seconds" -> {
                            double s = Double.parseDouble(v);
                            if (!(s > 0 && s <= 3600)) {
                                throw new IllegalArgumentException("option --seconds must be in (0, 3600] but was " + v);
                            }
                            yield new Options(Duration.ofNanos((long) (s * 1e9)), o.connections, o.cycles,
                                    o.warmupCycles, o.sessions);
                        }
                        case "--connections" -> new Options(o.runTime, positive(key, v), o.cycles, o.warmupCycles,
                                o.sessions);
                        case "--cycles" -> new Options(o.runTime, o.connections, positive(key, v), o.warmupCycles,
                                o.sessions);
                        case "--warmup-cycles" -> new Options(o.runTime, o.connections, o.cycles,
                                notNegative(key, v), o.sessions);
                        case "--sessions" -> new Options(o.runTime, o.connections, o.cycles, o.warmupCycles,
                                notNegative(key, v));
                        default -> throw new IllegalArgumentException("unknown option " + key
                                + "; expected --seconds, --connections, --cycles, --warmup-cycles or --sessions");
                    };
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + key + " expects a number but was '" + v + "'", e);
                }
            }
            return o;
        }

        private static int positive(String key, String v) {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException("option " + key + " must be at least 1 but was " + n);
            }
            return n;
        }

        private static int notNegative(String key, String v) {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new IllegalArgumentException("option " + key + " must not be negative but was " + n);
            }
            return n;
        }
    }

    /** What one run measured. */
    record Report(double pingsPerSecondOne, double pingsPerSecondMany, long[] enterToRequestNanos,
            long[] enterToSnapshotNanos, long[] httpRoundTripNanos, double pingsPerSecondLoaded, int threadsLoaded,
            long heapLoadedBytes) {

        static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        try (Setup setup = Setup.start()) {
            run(options, setup, System.out);
        }
    }

    /** A controller, a Jetty with the filter and a registry, all on loopback ports. */
    static final class Setup implements AutoCloseable {
        final MaintenanceController controller;
        final Server jetty;
        final ServerConnector connector;
        final RegistryServer registry;

        private Setup(MaintenanceController controller, Server jetty, ServerConnector connector, RegistryServer registry) {
            this.controller = controller;
            this.jetty = jetty;
            this.connector = connector;
            this.registry = registry;
        }

        static Setup start() throws Exception {
            MaintenanceController controller = MaintenanceController.create(MaintenanceConfig.custom()
                    .route(Route.builder("site").path("/").build())
                    .route(Route.builder("admin").path("/admin").build())
                    .build());
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            FilterHolder filter = new FilterHolder(new MaintenanceFilter(controller));
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.setContentType("text/plain");
                    resp.getOutputStream().write(FilterOverheadBenchmark.BODY);
                }
            }), "/*");
            jetty.setHandler(context);
            jetty.start();
            RegistryServer registry = RegistryServer.start(controller, RegistryConfig.custom().port(0)
                    .maxConnections(Math.max(RegistryConfig.DEFAULT_MAX_CONNECTIONS, 1200)).maxSessions(1200)
                    .maxConnectionsPerAddress(0).build());
            return new Setup(controller, jetty, connector, registry);
        }

        @Override
        public void close() {
            registry.close();
            try {
                jetty.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop Jetty", e);
            } finally {
                controller.close();
            }
        }
    }

    /** Runs every measurement and prints them. */
    static Report run(Options o, Setup setup, PrintStream out) throws Exception {
        int port = setup.registry.port();
        out.printf(Locale.ROOT, "Registry benchmark: %s per PING run, %d connections, %d cycles (+%d warm-up), %d sessions%n",
                o.runTime, o.connections, o.cycles, o.warmupCycles, o.sessions);

        double one;
        try (LineClient c = LineClient.register(port, "bench-one")) {
            pingFor(c, o.runTime.dividedBy(2));
            one = pingFor(c, o.runTime);
        }
        out.printf(Locale.ROOT, "PING round trips, 1 connection:   %,.0f /s (%.1f µs each)%n", one, 1e6 / one);

        double many = pingMany(port, o.connections, o.runTime);
        out.printf(Locale.ROOT, "PING round trips, %d connections: %,.0f /s in total%n", o.connections, many);

        long[][] latency = enterLatency(setup, port, o.cycles, o.warmupCycles);
        long[] request = latency[0];
        long[] snapshot = latency[1];
        long[] rtt = latency[2];
        out.printf(Locale.ROOT, "MAINT_ENTER -> first request that sees maintenance: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms(Report.percentile(request, 50)), ms(Report.percentile(request, 99)), ms(request[request.length - 1]));
        out.printf(Locale.ROOT, "MAINT_ENTER -> controller snapshot shows it:       p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms(Report.percentile(snapshot, 50)), ms(Report.percentile(snapshot, 99)), ms(snapshot[snapshot.length - 1]));
        out.printf(Locale.ROOT, "plain HTTP round trip (GET /admin, 200):            p50 %.3f ms, p99 %.3f ms%n",
                ms(Report.percentile(rtt, 50)), ms(Report.percentile(rtt, 99)));

        double loaded = 0;
        int threads = 0;
        long heap = 0;
        long rss = -1;
        long rssBefore = residentSetKiB();
        if (o.sessions > 0) {
            List<LineClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < o.sessions; i++) {
                    open.add(LineClient.register(port, "bench-idle-" + i));
                }
                System.gc();
                threads = ManagementFactory.getThreadMXBean().getThreadCount();
                heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                rss = residentSetKiB();
                try (LineClient c = LineClient.register(port, "bench-loaded")) {
                    pingFor(c, o.runTime.dividedBy(2));
                    loaded = pingFor(c, o.runTime);
                }
            } finally {
                for (LineClient c : open) {
                    c.close();
                }
            }
            out.printf(Locale.ROOT, "With %d more sessions open: %d JVM threads, heap in use %.1f MiB after GC,"
                    + " process RSS %s (before opening them: %s), PING on one connection %,.0f /s%n", o.sessions, threads,
                    heap / 1048576.0, mib(rss), mib(rssBefore), loaded);
        }
        return new Report(one, many, request, snapshot, rtt, loaded, threads, heap);
    }

    /** VmRSS of this process from /proc (Linux), or -1. Client and server sockets both count: one JVM. */
    static long residentSetKiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String mib(long kib) {
        return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double pingFor(LineClient c, Duration d) throws IOException {
        String ping = "PING|" + c.sid;
        long end = System.nanoTime() + d.toNanos();
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            c.send(ping);
            String reply = c.readLine();
            if (!"PONG".equals(reply)) {
                throw new IllegalStateException("unexpected reply " + reply);
            }
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double pingMany(int port, int connections, Duration d) throws Exception {
        List<LineClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(LineClient.register(port, "bench-many-" + i));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> counts = new ArrayList<>();
            long[] window = new long[2];
            for (LineClient c : clients) {
                counts.add(pool.submit(() -> {
                    go.await();
                    String ping = "PING|" + c.sid;
                    long end = System.nanoTime() + d.toNanos();
                    long n = 0;
                    while (System.nanoTime() < end) {
                        c.send(ping);
                        if (!"PONG".equals(c.readLine())) {
                            throw new IllegalStateException("unexpected reply");
                        }
                        n++;
                    }
                    return n;
                }));
            }
            window[0] = System.nanoTime();
            go.countDown();
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            window[1] = System.nanoTime();
            return total / ((window[1] - window[0]) / 1e9);
        } finally {
            pool.shutdownNow();
            for (LineClient c : clients) {
                c.close();
            }
        }
    }

    /**
     * Returns sorted [enter-to-503, enter-to-snapshot, plain round trip] nanoseconds of the measured
     * cycles. The first two come from separate loops, so that only one thread is ever busy
     * waiting: HTTP polling in the first, a spin on the snapshot in the second.
     */
    private static long[][] enterLatency(Setup setup, int port, int cycles, int warmup) throws Exception {
        long[] request = new long[cycles];
        long[] snapshot = new long[cycles];
        long[] rtt = new long[cycles];
        int httpPort = setup.connector.getLocalPort();
        try (LineClient c = LineClient.register(port, "bench-enter"); HttpProbe http = new HttpProbe(httpPort)) {
            for (int i = -warmup; i < cycles; i++) {
                long t = System.nanoTime();
                int status = http.get();
                long plain = System.nanoTime() - t;
                if (status != 200) {
                    throw new IllegalStateException("expected 200 before entering, got " + status);
                }
                long t0 = System.nanoTime();
                c.send("MAINT_ENTER|" + c.sid + "|admin|");
                while (http.get() != 503) {
                    // keep asking until a request sees maintenance
                }
                long t1 = System.nanoTime();
                enterDone(c);
                while (http.get() != 200) {
                    // until serving again
                }
                if (i >= 0) {
                    request[i] = t1 - t0;
                    rtt[i] = plain;
                }
            }
            for (int i = -warmup; i < cycles; i++) {
                long t0 = System.nanoTime();
                c.send("MAINT_ENTER|" + c.sid + "|admin|");
                while (!inMaintenance(setup.controller)) {
                    // Yield rather than spin: on two cores a spinning client would keep the registry's
                    // own thread waiting for a core.
                    Thread.yield();
                }
                long t1 = System.nanoTime();
                enterDone(c);
                if (i >= 0) {
                    snapshot[i] = t1 - t0;
                }
            }
        }
        Arrays.sort(request);
        Arrays.sort(snapshot);
        Arrays.sort(rtt);
        return new long[][] {request, snapshot, rtt};
    }

    private static boolean inMaintenance(MaintenanceController controller) {
        var state = controller.snapshot().state("admin");
        return state != null && state.inMaintenance();
    }

    /** Reads the enter's ACK and MAINT_OK, then exits maintenance and reads its two lines. */
    private static void enterDone(LineClient c) throws IOException {
        expect(c.readLine(), "ACK");
        expect(c.readLine(), "MAINT_OK|admin");
        c.send("MAINT_EXIT|" + c.sid + "|admin");
        expect(c.readLine(), "ACK");
        expect(c.readLine(), "MAINT_OK|admin");
    }

    private static void expect(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + " but got " + actual);
        }
    }

    /** A keep-alive HTTP/1.1 client on a plain socket that returns the status of {@code GET /admin}. */
    static final class HttpProbe implements AutoCloseable {
        private static final byte[] REQUEST = "GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[65536];

        HttpProbe(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            // Buffered: the response head is read byte by byte below, which must not cost a system call each.
            in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }

        int get() throws IOException {
            out.write(REQUEST);
            out.flush();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : (b == '\r' ? 1 : 0);
            }
            String headers = head.toString(StandardCharsets.US_ASCII);
            int status = Integer.parseInt(headers.substring(9, 12));
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            int read = 0;
            while (read < length) {
                int n = in.read(buf, 0, Math.min(buf.length, length - read));
                if (n < 0) {
                    throw new IOException("connection closed in the body");
                }
                read += n;
            }
            return status;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A registered registry session on a plain socket. */
    static final class LineClient implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final String sid;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        private LineClient(Socket socket, String instance) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            send("REGISTER|bench|" + instance + "|0|null");
            String ack = readLine();
            if (!ack.startsWith("ACK|")) {
                throw new IllegalStateException("REGISTER refused: " + ack);
            }
            this.sid = ack.substring(4);
        }

        static LineClient register(int port, String instance) throws IOException {
            return new LineClient(new Socket(InetAddress.getLoopbackAddress(), port), instance);
        }

        void send(String text) throws IOException {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readLine() throws IOException {
            line.reset();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the registry closed the connection");
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
