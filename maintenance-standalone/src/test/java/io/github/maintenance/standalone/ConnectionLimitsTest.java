package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.testing.Awaits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page server's limits under real load on loopback: slow clients, idle connections, many
 * connections, clients that do not read. Short time-outs are configured so that they pass quickly.
 */
class ConnectionLimitsTest {

    private StandaloneServer server;
    private final List<SocketChannel> clients = new ArrayList<>();
    private ScheduledExecutorService trickler;

    @AfterEach
    void stop() throws IOException {
        if (trickler != null) {
            trickler.shutdownNow();
        }
        for (SocketChannel c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private StandaloneServer start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        server = StandaloneServer.start(StandaloneConfig.parse(Map.of(), all.toArray(String[]::new),
                getClass().getClassLoader()));
        return server;
    }

    private SocketChannel open() throws IOException {
        SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        c.configureBlocking(false);
        clients.add(c);
        return c;
    }

    /** Whether the server closed a non-blocking client: end of stream or a reset. */
    private static boolean closed(SocketChannel c) {
        try {
            return c.read(ByteBuffer.allocate(256)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static long pageThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("maintenance-page-") && t.isAlive()).count();
    }

    @Test
    void slowClientsTricklingAByteAtATimeAreClosedAtTheDeadlineWhileOthersAreServed() throws Exception {
        start("--request-timeout", "1s");
        byte[] head = ("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            open();
        }
        Map<SocketChannel, Long> closedAt = new ConcurrentHashMap<>();
        int[] sent = new int[1];
        trickler = Executors.newSingleThreadScheduledExecutor();
        trickler.scheduleAtFixedRate(() -> {
            int i = sent[0]++ % head.length;
            for (SocketChannel c : clients) {
                if (closedAt.containsKey(c)) {
                    continue;
                }
                try {
                    c.write(ByteBuffer.wrap(head, i, 1));
                } catch (IOException e) {
                    // closed: seen below
                }
                if (closed(c)) {
                    closedAt.put(c, System.nanoTime());
                }
            }
        }, 0, 50, TimeUnit.MILLISECONDS);

        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            try (RawClient normal = RawClient.connect(server.port())) {
                normal.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(normal.read().status()).isEqualTo(503);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as("served promptly meanwhile")
                    .isLessThan(Duration.ofSeconds(1));
        }
        Awaits.await(Duration.ofSeconds(6)).until(() -> closedAt.size() == 200);

        long first = closedAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = closedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(Duration.ofNanos(first - started)).as("not before the deadline")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(last - started)).as("trickling does not extend it")
                .isLessThan(Duration.ofSeconds(4));
        Awaits.await().until(() -> server.openConnections() == 0);
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeOut() throws Exception {
        start("--idle-timeout", "1s");
        try (RawClient c = RawClient.connect(server.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Answer a = c.read();
            long answered = System.nanoTime();
            assertThat(a.header("Connection")).as("kept alive").isNull();

            assertThat(c.readByte()).as("closed by the server").isEqualTo(-1);

            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isBetween(Duration.ofMillis(700),
                    Duration.ofSeconds(5));
        }
        Awaits.await().until(() -> server.openConnections() == 0);
    }

    @Test
    void twoThousandOpenConnectionsWithBoundedThreadsAndTheNextOneClosedAtOnce() throws Exception {
        start("--request-timeout", "60s", "--idle-timeout", "60s");
        long threads = pageThreads();
        assertThat(server.config().maxConnections()).isEqualTo(2000);

        for (int i = 0; i < 1999; i++) {
            open();
        }
        Awaits.await(Duration.ofSeconds(30)).until(() -> server.openConnections() == 1999);
        try (RawClient fresh = RawClient.connect(server.port())) {
            fresh.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(fresh.read().status()).as("still responsive").isEqualTo(200);
            assertThat(server.openConnections()).isEqualTo(2000);

            try (RawClient beyond = RawClient.connect(server.port())) {
                assertThat(beyond.readToEnd()).as("accepted and closed at once, without an answer").isEmpty();
            }
            assertThat(pageThreads()).as("no thread per connection").isEqualTo(threads)
                    .isEqualTo(server.config().threads());

            fresh.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(fresh.read().status()).as("the open ones are still served").isEqualTo(503);
        }
        for (SocketChannel c : clients) {
            c.close();
        }
        Awaits.await(Duration.ofSeconds(20)).until(() -> server.openConnections() == 0);
    }

    @Test
    void aClientThatSendsButNeverReadsIsHeldBackAndClosedByTheTimeOut() throws Exception {
        start("--request-timeout", "1s", "--idle-timeout", "60s");
        SocketChannel c = open();
        byte[] one = ("GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nX-Pad: " + "p".repeat(2000) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int requests = 20_000;
        ByteBuffer all = ByteBuffer.allocate(one.length * requests);
        for (int i = 0; i < requests; i++) {
            all.put(one);
        }
        all.flip();
        int[] stalled = new int[1];
        Awaits.await(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                int n = c.write(all);
                stalled[0] = n == 0 ? stalled[0] + 1 : 0;
                return stalled[0] >= 5 || !all.hasRemaining();
            } catch (IOException e) {
                return true; // closed by the server's time-out already
            }
        });
        long written = all.position() / one.length;
        assertThat(all.hasRemaining()).as("the server stopped reading requests it could not answer").isTrue();

        Awaits.await().until(() -> server.openConnections() == 0);

        assertThat(server.answered()).as("answers queued, of %d requests the client wrote", written)
                .isLessThan(written / 2).isLessThan(requests / 4);
    }
}
