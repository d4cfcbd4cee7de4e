package io.github.maintenance.redis;

import io.github.maintenance.redis.testing.RedisServerExtension;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import static io.github.maintenance.testing.AbstractStateStoreContractTest.largeState;
import static io.github.maintenance.testing.AbstractStateStoreContractTest.oneRouteChange;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a change costs on the wire: a one-route change publishes a small delta, whole states go to
 * instances of an earlier release only while there are some, and the script is sent by EVALSHA.
 */
class RedisDeltaIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = RedisServerExtension.freshPrefix("delta");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private RedisStateStore store() {
        RedisStateStore s = RedisStateStore.builder(redis.uri()).keyPrefix(prefix).build();
        opened.add(s);
        return s;
    }

    private Subscriber subscribe(String... channels) throws InterruptedException {
        Subscriber s = new Subscriber(channels);
        opened.add(s);
        return s;
    }

    @Test
    void aOneRouteChangeOverTenThousandRoutesPublishesASmallDeltaAndNoWholeState() throws Exception {
        RedisStateStore writer = store();
        BlockingQueue<StoredState> seen = new LinkedBlockingQueue<>();
        store().watch(seen::add);
        StoredState v1 = largeState(1, 10_000);
        writer.save(v1);
        awaitVersion(seen, 1);
        Subscriber wire = subscribe(prefix + "events", prefix + "events:deltas");

        StoredState v2 = oneRouteChange(v1, 2);
        writer.save(v2);

        Message m = wire.next();
        assertThat(m.channel()).isEqualTo(prefix + "events:deltas");
        assertThat(StateDeltaFormat.isDelta(m.text())).isTrue();
        assertThat(m.text().getBytes(StandardCharsets.UTF_8).length).isLessThan(1024);
        assertThat(StateDeltaFormat.decode(m.text())).isEqualTo(StateDelta.between(v1, v2));
        assertThat(StoredStateFormat.encode(v2).length()).isGreaterThan(500_000);
        assertThat(awaitVersion(seen, 2)).isEqualTo(v2);
        try (Jedis jedis = jedis()) {
            jedis.publish(prefix + "events", "marker"); // every subscriber is of this release: no whole state before it
        }
        assertThat(wire.next()).isEqualTo(new Message(prefix + "events", "marker"));
    }

    @Test
    void anInstanceOfAnEarlierReleaseGetsWholeStatesOnTheStateChannel() throws Exception {
        RedisStateStore writer = store();
        StoredState v1 = largeState(1, 100);
        writer.save(v1);
        Subscriber earlierRelease = subscribe(prefix + "events");

        StoredState v2 = oneRouteChange(v1, 2);
        writer.save(v2);

        Message m = earlierRelease.next();
        assertThat(m.channel()).isEqualTo(prefix + "events");
        assertThat(StoredStateFormat.decode(m.text())).isEqualTo(v2);
    }

    @Test
    void aWatcherGetsEveryOneRouteChangeInOrder() throws Exception {
        RedisStateStore writer = store();
        BlockingQueue<StoredState> seen = new LinkedBlockingQueue<>();
        store().watch(seen::add);
        StoredState s = largeState(1, 10_000);
        writer.save(s);
        awaitVersion(seen, 1);
        List<StoredState> saved = new ArrayList<>();

        for (long v = 2; v <= 21; v++) {
            s = oneRouteChange(s, v);
            writer.save(s);
            saved.add(s);
        }

        List<StoredState> got = new ArrayList<>();
        while (got.size() < saved.size()) {
            StoredState next = seen.poll(20, TimeUnit.SECONDS);
            assertThat(next).as("state %d of %d", got.size() + 1, saved.size()).isNotNull();
            got.add(next);
        }
        assertThat(got).isEqualTo(saved);
    }

    @Test
    void savesSendTheScriptByItsShaAndSurviveAScriptFlush() throws Exception {
        RedisStateStore writer = store();
        writer.save(largeState(1, 10));
        try (Jedis jedis = jedis()) {
            jedis.configResetStat();
            for (long v = 2; v <= 6; v++) {
                writer.save(largeState(v, 10));
            }
            String stats = jedis.info("commandstats");
            assertThat(stats).as(stats).contains("cmdstat_evalsha:calls=").doesNotContain("cmdstat_eval:");

            jedis.scriptFlush();
            writer.save(largeState(7, 10));
            writer.save(largeState(8, 10));

            assertThat(jedis.info("commandstats")).contains("cmdstat_eval:calls="); // NOSCRIPT: sent once by EVAL
        }
        assertThat(writer.load()).contains(largeState(8, 10));
    }

    private Jedis jedis() {
        return new Jedis("127.0.0.1", redis.port());
    }

    private static StoredState awaitVersion(BlockingQueue<StoredState> seen, long version) throws InterruptedException {
        while (true) {
            StoredState s = seen.poll(20, TimeUnit.SECONDS);
            assertThat(s).as("a state of version %d", version).isNotNull();
            if (s.version() >= version) {
                return s;
            }
        }
    }

    record Message(String channel, String text) {
    }

    /** A plain subscription, as an instance of an earlier release (or redis-cli) would hold. */
    private final class Subscriber implements AutoCloseable {
        private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        private final Jedis jedis = jedis();
        private final CountDownLatch subscribed;
        private final JedisPubSub pubSub = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                messages.add(new Message(channel, message));
            }
        };
        private final Thread thread;

        Subscriber(String... channels) throws InterruptedException {
            subscribed = new CountDownLatch(channels.length);
            thread = new Thread(() -> jedis.subscribe(pubSub, channels), "test-subscriber");
            thread.setDaemon(true);
            thread.start();
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).as("subscribed").isTrue();
        }

        Message next() throws InterruptedException {
            Message m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message").isNotNull();
            return m;
        }

        @Override
        public void close() {
            pubSub.unsubscribe();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jedis.close();
        }
    }
}
