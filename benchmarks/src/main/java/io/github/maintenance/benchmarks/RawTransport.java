package io.github.maintenance.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The transport's own limit, measured the way {@link ScaleBenchmark} measures a change: a raw
 * Redis {@code PUBLISH} (Jedis) or a raw PostgreSQL {@code NOTIFY} (pgjdbc, autocommit) of a small
 * message (about 60 bytes, the size of a change announcement) on one connection, received by
 * {@code subscribers} other connections, each on its own thread ({@code SUBSCRIBE} /
 * {@code LISTEN}, blocking). The sender takes {@code System.nanoTime()} just before the command
 * and then polls the receivers' arrival times every 20 µs (parking), as the propagation loop
 * polls the controllers. A round's latency is that of the last receiver; the next round starts
 * when all have received.
 */
final class RawTransport {

    private static final String CHANNEL = "maintenance-bench-raw";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private RawTransport() {
    }

    /** A sender and its receivers, ready for {@link #round}. */
    interface Link extends AutoCloseable {

        /** Sends one small message. */
        void send(String message) throws Exception;

        /** Receiver {@code i}'s arrival time of the latest message, or 0. */
        long arrival(int i);

        /** Forgets the arrivals before the next round. */
        void reset();

        /** {@return how many receivers} */
        int receivers();

        @Override
        void close();
    }

    /**
     * Measures {@code warmup} then {@code rounds} rounds on the link.
     *
     * @return per measured round: the last receiver's latency, in ns
     */
    static long[] measure(Link link, int warmup, int rounds) throws Exception {
        long[] last = new long[rounds];
        for (int i = 0; i < warmup + rounds; i++) {
            link.reset();
            String message = "bench " + i + " " + "x".repeat(48);
            long start = System.nanoTime();
            link.send(message);
            long max = 0;
            for (int r = 0; r < link.receivers(); r++) {
                long at;
                while ((at = link.arrival(r)) == 0) {
                    if (System.nanoTime() - start > TIMEOUT_NANOS) {
                        throw new IllegalStateException("raw message " + i + " did not arrive within 30 s");
                    }
                    LockSupport.parkNanos(ScaleBenchmark.POLL_NANOS);
                }
                max = Math.max(max, at - start);
            }
            if (i >= warmup) {
                last[i - warmup] = Math.max(1, max);
            }
        }
        return last;
    }

    /** Redis: one publishing connection, {@code receivers} subscribed connections. */
    static Link redis(int port, int receivers) throws InterruptedException {
        Jedis publisher = new Jedis("127.0.0.1", port);
        AtomicLongArray arrivals = new AtomicLongArray(receivers);
        List<JedisPubSub> subs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(receivers);
        for (int r = 0; r < receivers; r++) {
            int index = r;
            JedisPubSub sub = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    arrivals.set(index, System.nanoTime());
                }

                @Override
                public void onSubscribe(String channel, int count) {
                    subscribed.countDown();
                }
            };
            subs.add(sub);
            Thread t = new Thread(() -> {
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    j.subscribe(sub, CHANNEL);
                }
            }, "bench-raw-subscriber-" + r);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the raw subscribers did not subscribe within 30 s");
        }
        return new Link() {
            @Override
            public void send(String message) {
                publisher.publish(CHANNEL, message);
            }

            @Override
            public long arrival(int i) {
                return arrivals.get(i);
            }

            @Override
            public void reset() {
                for (int i = 0; i < receivers; i++) {
                    arrivals.set(i, 0);
                }
            }

            @Override
            public int receivers() {
                return receivers;
            }

            @Override
            public void close() {
                subs.forEach(JedisPubSub::unsubscribe);
                for (Thread t : threads) {
                    try {
                        t.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                publisher.close();
            }
        };
    }

    /** PostgreSQL: one connection sending {@code NOTIFY} (autocommit), {@code receivers} listening connections. */
    static Link postgres(String url, String user, int receivers) throws SQLException, InterruptedException {
        Connection sender = DriverManager.getConnection(url, user, "");
        PreparedStatement notify = sender.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)");
        AtomicLongArray arrivals = new AtomicLongArray(receivers);
        List<Connection> listeners = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch listening = new CountDownLatch(receivers);
        for (int r = 0; r < receivers; r++) {
            Connection c = DriverManager.getConnection(url, user, "");
            listeners.add(c);
            int index = r;
            Thread t = new Thread(() -> {
                try {
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN \"" + CHANNEL + "\"");
                    }
                    listening.countDown();
                    PGConnection pg = c.unwrap(PGConnection.class);
                    while (!Thread.currentThread().isInterrupted()) {
                        PGNotification[] got = pg.getNotifications(500);
                        if (got != null && got.length > 0) {
                            arrivals.set(index, System.nanoTime());
                        }
                    }
                } catch (SQLException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        System.err.println("raw listener " + index + ": " + e);
                    }
                }
            }, "bench-raw-listener-" + r);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        if (!listening.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the raw listeners did not LISTEN within 30 s");
        }
        return new Link() {
            @Override
            public void send(String message) throws SQLException {
                notify.setString(1, message);
                notify.execute();
            }

            @Override
            public long arrival(int i) {
                return arrivals.get(i);
            }

            @Override
            public void reset() {
                for (int i = 0; i < receivers; i++) {
                    arrivals.set(i, 0);
                }
            }

            @Override
            public int receivers() {
                return receivers;
            }

            @Override
            public void close() {
                threads.forEach(Thread::interrupt);
                for (Thread t : threads) {
                    try {
                        t.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (Connection c : listeners) {
                    closeQuietly(c);
                }
                closeQuietly(sender);
            }
        };
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // a benchmark's throwaway connection
        }
    }
}
