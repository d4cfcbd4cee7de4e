package io.github.maintenance.benchmarks;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
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
 * Throughput of the maintenance response with the built-in page against the same response with a
 * custom page served through the page proxy, in one JVM. Not a JMH benchmark: a plain main, built
 * like {@link FilterOverheadBenchmark}.
 *
 * <p>Three Jetty servers on 127.0.0.1, port 0: the page server (a bare servlet answering 200 with
 * the built-in page's own HTML bytes and a 15-byte marker, so both sides send nearly the same body
 * and a fallback to the built-in page is detected), the <em>built-in</em>
 * server (filter, {@code ALL} in maintenance) and the <em>custom</em> server (filter, {@code ALL}
 * in maintenance with the page server's URL). Each run opens {@code threads} keep-alive
 * connections and sends {@code GET /} with {@code Accept: text/html} one at a time on each;
 * throughput is the number of complete 503 responses whose body has the expected length per
 * second. After warm-up, built-in and custom runs alternate in pairs whose order flips every
 * pair; the result is the median over pairs of custom/built-in.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.maintenance.benchmarks.ProxyPageBenchmark
 * [--runs 9] [--seconds 5] [--threads 2] [--warmup 2]}.
 */
public final class ProxyPageBenchmark {

    private static final byte[] REQUEST = ("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
            + "Accept-Language: en\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private ProxyPageBenchmark() {
    }

    /** Answers every request with fixed HTML. */
    static final class StaticPage extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final byte[] body;

        StaticPage(byte[] body) {
            this.body = body.clone();
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/html;charset=utf-8");
            resp.setContentLength(body.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(body);
            }
        }
    }

    /** The never-reached application. */
    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.getOutputStream().write('x');
        }
    }

    private static Server server(String name, HttpServlet servlet, MaintenanceFilter filter) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName(name);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (filter != null) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(name, servlet), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static int port(Server s) {
        return ((ServerConnector) s.getConnectors()[0]).getLocalPort();
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        FilterOverheadBenchmark.Options o;
        try {
            o = FilterOverheadBenchmark.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<Server> servers = new ArrayList<>();
        try (MaintenanceController builtInController = MaintenanceController.create();
                MaintenanceController customController = MaintenanceController.create()) {
            builtInController.enter("ALL");
            Server builtIn = server("built-in", new AppServlet(), new MaintenanceFilter(builtInController));
            servers.add(builtIn);
            byte[] html = builtInController.snapshot().decide("localhost", "/").page().body(
                    io.github.maintenance.page.Variant.HTML, "en").getBytes(StandardCharsets.UTF_8);
            byte[] page = (new String(html, StandardCharsets.UTF_8) + "<!-- custom -->").getBytes(StandardCharsets.UTF_8);
            Server pages = server("pages", new StaticPage(page), null);
            servers.add(pages);
            Server custom = server("custom", new AppServlet(), new MaintenanceFilter(customController));
            servers.add(custom);
            customController.enter("ALL", MaintenanceRequest.builder()
                    .pageUrl("http://127.0.0.1:" + port(pages) + "/maintenance.html").build());
            run(o, port(builtIn), port(custom), html.length, page.length, System.out);
        } finally {
            for (Server s : servers) {
                s.stop();
            }
        }
    }

    static void run(FilterOverheadBenchmark.Options o, int builtInPort, int customPort, int length, int customLength,
            PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%s, %d client thread(s), %d warm-up pair(s), %d measured pair(s) of %.1f s, "
                + "%d cores, body %d bytes%n", Runtime.version(), o.threads(), o.warmupRuns(), o.runs(),
                o.runTime().toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(), length);
        prime(customPort, customLength);
        for (int i = 0; i < o.warmupRuns(); i++) {
            double b = measure(builtInPort, o.threads(), o.runTime(), length);
            double c = measure(customPort, o.threads(), o.runTime(), customLength);
            out.printf(Locale.ROOT, "warm-up %d: built-in %.0f req/s, custom %.0f req/s%n", i + 1, b, c);
        }
        double[] builtIn = new double[o.runs()];
        double[] custom = new double[o.runs()];
        double[] ratios = new double[o.runs()];
        out.printf(Locale.ROOT, "%-4s %-8s %16s %16s %8s%n", "run", "order", "built-in req/s", "custom req/s", "ratio");
        for (int i = 0; i < o.runs(); i++) {
            boolean builtInFirst = i % 2 == 0;
            if (builtInFirst) {
                builtIn[i] = measure(builtInPort, o.threads(), o.runTime(), length);
                custom[i] = measure(customPort, o.threads(), o.runTime(), customLength);
            } else {
                custom[i] = measure(customPort, o.threads(), o.runTime(), customLength);
                builtIn[i] = measure(builtInPort, o.threads(), o.runTime(), length);
            }
            ratios[i] = custom[i] / builtIn[i];
            out.printf(Locale.ROOT, "%-4d %-8s %16.0f %16.0f %8.4f%n", i + 1, builtInFirst ? "B,C" : "C,B",
                    builtIn[i], custom[i], ratios[i]);
        }
        out.printf(Locale.ROOT, "median built-in %.0f req/s, median custom %.0f req/s%n",
                FilterOverheadBenchmark.median(builtIn), FilterOverheadBenchmark.median(custom));
        out.printf(Locale.ROOT, "ratio custom/built-in: median %.4f (min %.4f, max %.4f)%n",
                FilterOverheadBenchmark.median(ratios), Arrays.stream(ratios).min().orElse(Double.NaN),
                Arrays.stream(ratios).max().orElse(Double.NaN));
    }

    /**
     * Asks the custom server until it serves the custom page: the very first request may get the
     * built-in page, by design, while the first fetch is still under way.
     */
    static void prime(int port, int customLength) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            Reader in = new Reader(socket.getInputStream());
            for (int attempt = 0; ; attempt++) {
                socket.getOutputStream().write(REQUEST);
                socket.getOutputStream().flush();
                try {
                    in.readMaintenanceResponse(customLength);
                    return;
                } catch (IOException e) {
                    if (attempt == 50 || !e.getMessage().startsWith("expected Content-Length")) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Requests per second over {@code threads} keep-alive connections for {@code duration}. */
    static double measure(int port, int threads, Duration duration, int length) throws Exception {
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
                        Reader in = new Reader(socket.getInputStream());
                        connected.countDown();
                        go.await();
                        long end = deadline[0];
                        long n = 0;
                        while (System.nanoTime() - end < 0) {
                            out.write(REQUEST);
                            out.flush();
                            in.readMaintenanceResponse(length);
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
            return total * 1e9 / (System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads 503 responses off a keep-alive connection, checking the body length. */
    static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int limit;

        Reader(InputStream in) {
            this.in = in;
        }

        void readMaintenanceResponse(int expectedLength) throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 503 ")) {
                throw new IOException("expected a 503 response but got: " + status);
            }
            int length = -1;
            for (String h = line(); !h.isEmpty(); h = line()) {
                if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            for (int i = 0; i < length; i++) {
                next();
            }
            if (length != expectedLength) {
                throw new IOException("expected Content-Length " + expectedLength + " but got " + length
                        + " (the built-in page instead of the custom one, or the reverse)");
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
}
