package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --stop-when-healthy}: the page server polls a real health endpoint on 127.0.0.1 (the
 * JDK's HTTP server answering the statuses a test queues) and stops itself once it is healthy.
 */
class StopWhenHealthyTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A health endpoint on a free loopback port answering the queued statuses, then the last one forever. */
    private static final class Endpoint implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
        final AtomicInteger requests = new AtomicInteger();
        volatile int last = 503;
        volatile Runnable beforeAnswer = () -> { };

        Endpoint(Integer... statuses) throws IOException {
            this.statuses.addAll(List.of(statuses));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/health", exchange -> {
                try (exchange) {
                    requests.incrementAndGet();
                    beforeAnswer.run();
                    Integer next = this.statuses.poll();
                    if (next != null) {
                        last = next;
                    }
                    byte[] body = ("{\"status\":\"" + (last == 200 ? "UP" : "DOWN") + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(last, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private Endpoint endpoint(Integer... statuses) throws IOException {
        Endpoint e = new Endpoint(statuses);
        toClose.add(e);
        return e;
    }

    private StandaloneServer pageServer() throws Exception {
        StandaloneServer s = StandaloneServer.start(StandaloneConfig.parse(Map.of(),
                new String[] {"--host", "127.0.0.1", "--port", "0"}, getClass().getClassLoader()));
        toClose.add(s);
        return s;
    }

    private static HealthCheck fast(URI url, int successes) {
        return new HealthCheck(url, Duration.ofMillis(100), Duration.ofMillis(500), successes);
    }

    @Test
    void runStopsTheServerOnceTheApplicationAnswers2xxTwiceInARowAndReturns0() throws Exception {
        Endpoint app = endpoint(503, 200, 503, 200, 200);
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
        AtomicInteger answered = new AtomicInteger();
        app.beforeAnswer = () -> {
            if (answered.incrementAndGet() == 5) {
                clock.advance(Duration.ofSeconds(4 * 60 + 12));
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return StandaloneServer.run(new String[] {"--host", "127.0.0.1", "--port", "0",
                    "--stop-when-healthy", app.uri().toString(), "--health-interval", "100ms"},
                        Map.of(), out, new PrintStream(err, true, StandardCharsets.UTF_8), clock);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("Maintenance page server listening on http://127.0.0.1:");
        assertThat(lines[1]).isEqualTo("Stopping when " + app.uri() + " answers 2xx 2 times in a row "
                + "(a check every 100ms, time-out 2s)");
        assertThat(List.of(lines).subList(2, lines.length)).containsExactly(
                "health check of " + app.uri() + ": 503",
                "health check of " + app.uri() + ": healthy (1 of 2 in a row)",
                "health check of " + app.uri() + ": 503",
                "health check of " + app.uri() + ": healthy (1 of 2 in a row)",
                "application healthy at " + app.uri() + " after 5 checks; stood in for 4m12s; stopping",
                "Stopping the maintenance page server...",
                "Maintenance page server stopped.");
        assertThat(app.requests.get()).isEqualTo(5);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        int port = Integer.parseInt(lines[0].replaceAll(".*:(\\d+) \\(pid.*", "$1"));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("no longer listening")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void oneSuccessIsEnoughWhenAsked() throws Exception {
        Endpoint app = endpoint(200);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<String> log = new CopyOnWriteArrayList<>();

        HealthWatch watch = HealthWatch.start(fast(app.uri(), 1), new MutableClock(Instant.EPOCH), log::add,
                () -> stopped.complete(null));
        toClose.add(watch);

        stopped.get(30, TimeUnit.SECONDS);
        assertThat(watch.healthy()).isTrue();
        assertThat(log).containsExactly("application healthy at " + app.uri() + " after 1 check; stood in for 0s; "
                + "stopping");
    }

    @Test
    void aHealthUrlThatNeverAnswersKeepsThePageServing() throws Exception {
        StandaloneServer page = pageServer();
        // Connections complete in the backlog, but nothing ever reads the request or answers.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(silent);
        URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/health");
        AtomicBoolean healthy = new AtomicBoolean();
        List<String> log = new CopyOnWriteArrayList<>();

        HealthWatch watch = HealthWatch.start(new HealthCheck(url, Duration.ofMillis(100), Duration.ofMillis(200), 1),
                new MutableClock(Instant.EPOCH), log::add, () -> healthy.set(true));
        toClose.add(watch);

        Awaits.await(Duration.ofSeconds(30)).until(() -> watch.checks() >= 3);
        assertThat(healthy).isFalse();
        assertThat(watch.healthy()).isFalse();
        assertThat(log).first().asString().startsWith("health check of " + url + ": no ");
        assertThat(log).as("an unchanged outcome is logged once").hasSize(1);
        assertThat(Http.get(URI.create("http://127.0.0.1:" + page.port() + "/")).statusCode()).isEqualTo(503);
    }

    @Test
    void a2xxWhoseBodyNeverComesIsNotHealthy() throws Exception {
        ServerSocket stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(stalling);
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = stalling.accept();
                    held.add(s);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{\"sta"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
            } catch (IOException e) {
                // the test closed the server socket
            }
        }, "stalling-health");
        acceptor.setDaemon(true);
        acceptor.start();
        toClose.add(() -> {
            for (Socket s : held) {
                s.close();
            }
        });
        URI url = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/health");
        List<String> log = new CopyOnWriteArrayList<>();

        HealthWatch watch = HealthWatch.start(new HealthCheck(url, Duration.ofMillis(100), Duration.ofMillis(200), 1),
                new MutableClock(Instant.EPOCH), log::add, () -> { });
        toClose.add(watch);

        Awaits.await(Duration.ofSeconds(30)).until(() -> watch.checks() >= 2);
        assertThat(watch.healthy()).isFalse();
        assertThat(log).containsExactly("health check of " + url + ": no answer within 200ms");
        assertThat(held).as("a connection per check").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRefusedConnectionIsNotHealthyAndPollingGoesOn() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/health");
        List<String> log = new CopyOnWriteArrayList<>();

        HealthWatch watch = HealthWatch.start(fast(url, 1), new MutableClock(Instant.EPOCH), log::add, () -> { });
        toClose.add(watch);

        Awaits.await(Duration.ofSeconds(30)).until(() -> watch.checks() >= 3);
        assertThat(watch.healthy()).isFalse();
        assertThat(log).containsExactly("health check of " + url + ": connection refused");
    }

    @Test
    void theUrlOfAPageServerNeverStopsIt() throws Exception {
        StandaloneServer page = pageServer();
        URI own = URI.create("http://127.0.0.1:" + page.port() + "/health");
        assertThat(Http.get(own).body().getBytes(StandardCharsets.UTF_8)).as("what the watch recognises")
                .isEqualTo(HealthWatch.PAGE_SERVER_HEALTH);
        List<String> log = new CopyOnWriteArrayList<>();

        HealthWatch watch = HealthWatch.start(fast(own, 1), new MutableClock(Instant.EPOCH), log::add, () -> { });
        toClose.add(watch);

        Awaits.await(Duration.ofSeconds(30)).until(() -> watch.checks() >= 3);
        assertThat(watch.healthy()).isFalse();
        assertThat(log).containsExactly("health check of " + own + ": 200 from a maintenance page server, "
                + "not from the application");
    }

    @Test
    void redirectsAreNotFollowedAndNotHealthy() throws Exception {
        Endpoint app = endpoint(302);
        List<String> log = new CopyOnWriteArrayList<>();

        HealthWatch watch = HealthWatch.start(fast(app.uri(), 1), new MutableClock(Instant.EPOCH), log::add, () -> { });
        toClose.add(watch);

        Awaits.await(Duration.ofSeconds(30)).until(() -> watch.checks() >= 2);
        assertThat(watch.healthy()).isFalse();
        assertThat(log).containsExactly("health check of " + app.uri() + ": 302");
    }

    @Test
    void closingStopsThePolling() throws Exception {
        Endpoint app = endpoint(503);
        HealthWatch watch = HealthWatch.start(fast(app.uri(), 1), new MutableClock(Instant.EPOCH), line -> { },
                () -> { });
        Awaits.await(Duration.ofSeconds(30)).until(() -> watch.checks() >= 1);

        watch.close();
        watch.close();

        Awaits.await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("maintenance-health-check") && t.isAlive()));
        assertThat(watch.healthy()).isFalse();
    }

    @Test
    void theRecordRefusesWhatTheOptionsRefuse() {
        URI ok = URI.create("http://127.0.0.1:8080/health");
        assertThat(HealthCheck.of(ok)).isEqualTo(new HealthCheck(ok, Duration.ofSeconds(2), Duration.ofSeconds(2), 2));
        assertThatThrownBy(() -> HealthCheck.of(URI.create("ftp://127.0.0.1/health")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected an http:// or https:// URL");
        assertThatThrownBy(() -> HealthCheck.of(URI.create("http:/health")))
                .hasMessage("the URL needs a host");
        assertThatThrownBy(() -> new HealthCheck(ok, Duration.ofMillis(99), Duration.ofSeconds(1), 1))
                .hasMessage("interval: 100ms to 1h");
        assertThatThrownBy(() -> new HealthCheck(ok, Duration.ofSeconds(1), Duration.ofMinutes(2), 1))
                .hasMessage("timeout: 100ms to 1m");
        assertThatThrownBy(() -> new HealthCheck(ok, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .hasMessage("successes: 1 to 100");
    }
}
