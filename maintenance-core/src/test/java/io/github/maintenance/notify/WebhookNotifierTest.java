package io.github.maintenance.notify;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.UrlPolicy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WebhookNotifier} against a real HTTP receiver on 127.0.0.1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebhookNotifierTest {

    private static final String SECRET = "a-shared-secret-of-some-length";
    private static final Notification ENTERED = new Notification(NotificationType.MAINTENANCE_ENTERED, "web-1",
            Instant.parse("2026-06-01T10:00:00Z"), List.of("admin"), Cause.of(Cause.Source.REGISTRY, "ops"),
            "page \"upgrade\" <b>");

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private WebhookReceiver receiver() throws Exception {
        WebhookReceiver r = new WebhookReceiver();
        resources.add(r);
        return r;
    }

    private WebhookNotifier start(WebhookNotifier.Builder b) {
        WebhookNotifier n = b.build();
        resources.add(0, n);
        return n;
    }

    private static WebhookNotifier.Builder signed(WebhookReceiver r) {
        return WebhookNotifier.builder().url(r.url()).secret(SECRET).backoff(Duration.ofMillis(2), Duration.ofMillis(10));
    }

    private static boolean verified(WebhookReceiver.Received m) {
        return WebhookSignature.verify(SECRET, m.id(), m.timestamp(), m.body(), m.signature(), Instant.now());
    }

    @Test
    void theReceiverVerifiesTheSignatureOfTheJsonBody() throws Exception {
        WebhookReceiver r = receiver();
        WebhookNotifier n = start(signed(r));

        n.send(ENTERED);

        await().until(() -> n.sent() == 1);
        WebhookReceiver.Received m = r.received().get(0);
        assertThat(m.text()).isEqualTo("{\"type\":\"maintenance_entered\",\"instance\":\"web-1\","
                + "\"time\":\"2026-06-01T10:00:00Z\",\"routes\":[\"admin\"],\"source\":\"registry\",\"actor\":\"ops\","
                + "\"detail\":\"page \\\"upgrade\\\" \\u003cb\\u003e\"}");
        assertThat(m.contentType()).isEqualTo("application/json");
        assertThat(m.id()).matches("msg_[0-9a-f]{32}");
        assertThat(Long.parseLong(m.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(m.signature()).startsWith("v1,");
        assertThat(verified(m)).isTrue();

        byte[] tampered = m.text().replace("admin", "api").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, m.id(), m.timestamp(), tampered, m.signature(), Instant.now()))
                .isFalse();
        assertThat(WebhookSignature.verify("another-secret", m.id(), m.timestamp(), m.body(), m.signature(),
                Instant.now())).isFalse();
        assertThat(n.failed()).isZero();
        assertThat(n.dropped()).isZero();
    }

    @Test
    void serverErrorsAreRetriedWithTheSameIdUntilDelivered() throws Exception {
        WebhookReceiver r = receiver().answer(500, 503);
        WebhookNotifier n = start(signed(r));

        n.send(ENTERED);

        await().until(() -> n.sent() == 1);
        assertThat(r.received()).hasSize(3);
        assertThat(r.received()).extracting(WebhookReceiver.Received::id).containsOnly(r.received().get(0).id());
        assertThat(r.received()).allMatch(WebhookNotifierTest::verified);
        assertThat(n.failed()).isZero();
    }

    @Test
    void tooManyRequestsIsRetriedAfterItsRetryAfter() throws Exception {
        WebhookReceiver r = receiver().answerWithRetryAfter(429, 0);
        WebhookNotifier n = start(signed(r));

        n.send(ENTERED);

        await().until(() -> n.sent() == 1);
        assertThat(r.received()).hasSize(2);
    }

    @Test
    void retriesStopAfterMaxAttempts() throws Exception {
        WebhookReceiver r = receiver().answer(500, 500, 500);
        WebhookNotifier n = start(signed(r).maxAttempts(3));

        n.send(ENTERED);
        await().until(() -> n.failed() == 1);
        n.send(ENTERED);
        await().until(() -> n.sent() == 1);

        assertThat(r.received()).hasSize(4);
        assertThat(r.received().get(3).id()).isNotEqualTo(r.received().get(0).id());
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        WebhookReceiver r = receiver().answer(400);
        WebhookNotifier n = start(signed(r));

        n.send(ENTERED);
        await().until(() -> n.failed() == 1);
        // Delivery is in order: once the next notification arrived, no retry of the first can follow.
        n.send(ENTERED);
        await().until(() -> n.sent() == 1);

        assertThat(r.received()).hasSize(2);
        assertThat(r.received().get(0).id()).isNotEqualTo(r.received().get(1).id());
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
        WebhookReceiver r = receiver();
        r.hold();
        WebhookNotifier n = start(signed(r).queueSize(2).timeout(Duration.ofSeconds(20)));

        n.send(ENTERED);
        assertThat(r.awaitFirst()).isTrue();
        for (int i = 0; i < 5; i++) {
            n.send(ENTERED); // returns at once although the receiver does not answer
        }

        assertThat(n.queued()).isEqualTo(2);
        assertThat(n.dropped()).isEqualTo(3);
        r.release();
        await().until(() -> n.sent() == 3);
        assertThat(r.received()).hasSize(3);
        assertThat(n.dropped()).isEqualTo(3);
    }

    @Test
    void theSlackFormatSendsOneTextField() throws Exception {
        WebhookReceiver r = receiver();
        WebhookNotifier n = start(WebhookNotifier.builder().url(r.url()).unsigned().format(WebhookNotifier.Format.SLACK));

        n.send(ENTERED);

        await().until(() -> n.sent() == 1);
        WebhookReceiver.Received m = r.received().get(0);
        assertThat(m.text()).isEqualTo("{\"text\":\"[web-1] Maintenance entered on admin by ops (registry): "
                + "page \\\"upgrade\\\" \\u0026lt;b\\u0026gt;\"}");
        assertThat(m.signature()).isNull();
        assertThat(m.id()).startsWith("msg_");
    }

    @Test
    void everyDestinationReceivesEachNotification() throws Exception {
        WebhookReceiver a = receiver();
        WebhookReceiver b = receiver();
        WebhookNotifier n = start(signed(a).url(b.url()));

        n.send(ENTERED);

        await().until(() -> n.sent() == 2);
        assertThat(a.received().get(0).id()).isEqualTo(b.received().get(0).id());
        assertThat(n.urls()).hasSize(2);
    }

    @Test
    void badSettingsAreRefusedAtBuild() throws Exception {
        WebhookReceiver r = receiver();
        assertThatThrownBy(() -> WebhookNotifier.builder().url("ftp://127.0.0.1/hook").secret(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid webhook url ftp://127.0.0.1/...: only absolute http and https URLs are allowed");
        UrlPolicy noLoopback = UrlPolicy.custom().denyLoopback().build();
        assertThatThrownBy(() -> signed(r).urlPolicy(noLoopback).build())
                .hasMessageStartingWith("invalid webhook url http://127.0.0.1:")
                .hasMessageEndingWith("/...: loopback addresses are not allowed")
                .hasMessageNotContaining("/hook");
        assertThatThrownBy(() -> WebhookNotifier.builder().url("http://[::ffff:127.0.0.1]/").unsigned()
                .urlPolicy(noLoopback).build())
                .hasMessageEndingWith(": loopback addresses are not allowed");
        assertThatThrownBy(() -> WebhookNotifier.builder().url("http://user:pw@127.0.0.1/").unsigned().build())
                .hasMessageEndingWith(": user info in URLs is not allowed");
        assertThatThrownBy(() -> WebhookNotifier.builder().url("not a url").unsigned().build())
                .hasMessageStartingWith("invalid webhook url 'not a url': ");
        assertThatThrownBy(() -> WebhookNotifier.builder().secret(SECRET).build())
                .hasMessage("a webhook needs at least one url");
        assertThatThrownBy(() -> WebhookNotifier.builder().url(r.url()).build())
                .hasMessage("a webhook needs a secret to sign with, or unsigned()");
        assertThatThrownBy(() -> signed(r).unsigned().build())
                .hasMessage("a webhook is either signed with a secret or unsigned, not both");
        assertThatThrownBy(() -> signed(r).secret("").build())
                .hasMessage("the webhook secret must not be empty");
        assertThatThrownBy(() -> signed(r).maxAttempts(0).build()).hasMessage("maxAttempts must be at least 1: 0");
        assertThatThrownBy(() -> signed(r).queueSize(0).build()).hasMessage("queueSize must be at least 1: 0");
        assertThatThrownBy(() -> signed(r).timeout(Duration.ZERO).build()).hasMessage("timeout must be positive: PT0S");
        assertThatThrownBy(() -> signed(r).backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessageStartingWith("backoff must be positive");
        assertThat(r.received()).isEmpty();
    }

    @Test
    void afterCloseSendsAreDropped() throws Exception {
        WebhookReceiver r = receiver();
        WebhookNotifier n = start(signed(r));
        n.close();

        n.send(ENTERED);

        assertThat(n.dropped()).isEqualTo(1);
        assertThat(n.queued()).isZero();
    }

    @Test
    void eachAttemptResolvesTheHostThroughThePolicy() throws Exception {
        WebhookReceiver r = receiver();
        // Built with a policy that refuses loopback, the sender must not post to a loopback address
        // even though the URL never went through the build-time check.
        WebhookSender s = new WebhookSender(null, UrlPolicy.custom().denyLoopback().build(), Duration.ofSeconds(5), 2,
                Duration.ofMillis(1), Duration.ofMillis(2), java.time.Clock.systemUTC());

        assertThat(s.deliver(java.net.URI.create(r.url()), "msg_1", "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(new WebhookSender(null, UrlPolicy.anyHost(), Duration.ofSeconds(5), 2, Duration.ofMillis(1),
                Duration.ofMillis(2), java.time.Clock.systemUTC())
                .deliver(java.net.URI.create(r.url()), "msg_2", "{}".getBytes(StandardCharsets.UTF_8))).isTrue();

        assertThat(r.received()).extracting(WebhookReceiver.Received::id).containsExactly("msg_2");
    }

    @Test
    void theBackoffDoublesWithJitterUpToItsMaximumAndCapsRetryAfter() {
        WebhookSender s = new WebhookSender(null, UrlPolicy.anyHost(), Duration.ofSeconds(5), 5,
                Duration.ofSeconds(1), Duration.ofSeconds(60), java.time.Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            assertThat(s.delay(1, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(s.delay(3, null)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(s.delay(20, null)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
        assertThat(s.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.delay(1, Duration.ofSeconds(3600))).isEqualTo(Duration.ofSeconds(60));
        assertThat(WebhookSender.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(WebhookSender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(WebhookSender.retryAfter(null)).isNull();
    }
}
