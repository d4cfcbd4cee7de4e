package io.github.maintenance.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.Cause;
import io.github.maintenance.notify.Notification;
import io.github.maintenance.notify.NotificationType;
import io.github.maintenance.notify.WebhookNotifier;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The webhook notifier's delivery counters as meters, against a real receiver on 127.0.0.1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotifierMetricsTest {

    private static final Notification ENTERED = new Notification(NotificationType.MAINTENANCE_ENTERED, "web-1",
            Instant.parse("2026-12-06T10:00:00Z"), List.of("api"), Cause.api("ops"), "");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger received = new AtomicInteger();
    private final HttpServer receiver = receiver();
    private WebhookNotifier notifier;

    private HttpServer receiver() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
            s.createContext("/hook", exchange -> {
                try {
                    exchange.getRequestBody().readAllBytes();
                    received.incrementAndGet();
                    if (status.get() == 0) {
                        release.await(20, TimeUnit.SECONDS);
                    }
                    exchange.sendResponseHeaders(status.get() == 0 ? 200 : status.get(), -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                }
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (notifier != null) {
            notifier.close();
        }
        receiver.stop(0);
        registry.close();
    }

    private double count(String name) {
        return registry.get(name).tag("notifier", "webhook").functionCounter().count();
    }

    @Test
    void sentAndFailedDeliveriesAreCounted() {
        notifier = WebhookNotifier.builder().url(url()).unsigned().maxAttempts(1).build();
        NotifierMetrics metrics = new NotifierMetrics(notifier);
        metrics.bindTo(registry);

        notifier.send(ENTERED);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("maintenance.notify.sent") == 1);
        status.set(500);
        notifier.send(ENTERED);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("maintenance.notify.failed") == 1);

        assertThat(count("maintenance.notify.sent")).isEqualTo(1);
        assertThat(count("maintenance.notify.dropped")).isZero();
        assertThat(registry.get("maintenance.notify.queued").gauge().value()).isZero();
        assertThat(received).hasValue(2);
    }

    @Test
    void aFullQueueShowsAsQueuedAndDropped() {
        status.set(0); // the receiver holds the first delivery until released
        notifier = WebhookNotifier.builder().url(url()).unsigned().queueSize(2).maxAttempts(1).build();
        new NotifierMetrics(notifier).bindTo(registry);

        notifier.send(ENTERED);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1);
        for (int i = 0; i < 5; i++) {
            notifier.send(ENTERED);
        }

        assertThat(registry.get("maintenance.notify.queued").gauge().value()).isEqualTo(2);
        assertThat(count("maintenance.notify.dropped")).isEqualTo(3);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> count("maintenance.notify.sent") == 3);
        assertThat(registry.get("maintenance.notify.queued").gauge().value()).isZero();
    }

    @Test
    void closeRemovesTheMetersAndNamesAreChecked() {
        notifier = WebhookNotifier.builder().url(url()).unsigned().build();
        NotifierMetrics metrics = new NotifierMetrics(notifier, "shop.maintenance", "ops-hook");
        metrics.bindTo(registry);
        assertThat(registry.get("shop.maintenance.notify.sent").tag("notifier", "ops-hook").functionCounter()).isNotNull();

        metrics.close();
        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
        assertThatThrownBy(() -> new NotifierMetrics(notifier, "Shop", "x")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> new NotifierMetrics(notifier, "shop", "bad name")).hasMessageContaining("notifier name");
        assertThatThrownBy(() -> new NotifierMetrics(null)).isInstanceOf(NullPointerException.class);
    }
}
