package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.notify.Notifications;
import io.github.maintenance.notify.WebhookNotifier;
import io.github.maintenance.notify.WebhookSignature;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code maintenance.notify.*}: a change reaches a real webhook receiver on loopback, signed; bad
 * settings stop the start naming the property; without URLs nothing is configured.
 */
@Timeout(60)
class NotifyPropertiesTest {

    private static final String SECRET = "starter-webhook-secret";

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    private final BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(Map.of("body", new String(body, java.nio.charset.StandardCharsets.UTF_8),
                    "valid", String.valueOf(WebhookSignature.verify(SECRET, h.getFirst("webhook-id"),
                            h.getFirst("webhook-timestamp"), body, h.getFirst("webhook-signature"), Instant.now()))));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void aChangeIsPostedSignedToTheWebhookAndTheBeansCloseWithTheContext() throws Exception {
        BootApp app = apps.start("maintenance.instance-name=shop-1", "maintenance.notify.webhook-urls=" + hook(),
                "maintenance.notify.webhook-secret=" + SECRET);
        WebhookNotifier notifier = app.bean(WebhookNotifier.class);

        app.bean(MaintenanceController.class).enter("ALL");

        Map<String, String> post = received.poll(20, TimeUnit.SECONDS);
        assertThat(post).as("a post reached the receiver").isNotNull();
        assertThat(post.get("valid")).as("signature").isEqualTo("true");
        assertThat(post.get("body")).contains("\"type\":\"maintenance_entered\"").contains("\"instance\":\"shop-1\"");

        MeterRegistry meters = app.bean(MeterRegistry.class);
        await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                meters.get("maintenance.notify.sent").tag("notifier", "webhook").functionCounter().count() == 1);
        assertThat(meters.get("maintenance.notify.dropped").functionCounter().count()).isZero();

        app.close();
        notifier.send(new io.github.maintenance.notify.Notification(
                io.github.maintenance.notify.NotificationType.MAINTENANCE_EXITED, "shop-1", Instant.now(),
                java.util.List.of("*"), io.github.maintenance.Cause.api(), ""));
        assertThat(notifier.dropped()).as("closed with the context: later sends are dropped").isEqualTo(1);
    }

    @Test
    void theSlackFormatWithoutASignatureSendsOneTextField() throws Exception {
        BootApp app = apps.start("maintenance.instance-name=shop-2", "maintenance.notify.webhook-urls=" + hook(),
                "maintenance.notify.unsigned=true", "maintenance.notify.format=slack");

        app.bean(MaintenanceController.class).enter("ALL");

        Map<String, String> post = received.poll(20, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.get("body")).startsWith("{\"text\":\"[shop-2] ");
    }

    @Test
    void withoutUrlsThereIsNoNotifier() {
        BootApp app = apps.start();
        assertThat(app.context().getBeanNamesForType(WebhookNotifier.class)).isEmpty();
        assertThat(app.context().getBeanNamesForType(Notifications.class)).isEmpty();
    }

    @Test
    void badSettingsStopTheStartNamingTheProperty() {
        assertThat(failure("maintenance.notify.webhook-urls=" + hook()))
                .contains("maintenance.notify.webhook-secret").contains("required to sign");
        assertThat(failure("maintenance.notify.webhook-urls=ftp://127.0.0.1/hook", "maintenance.notify.unsigned=true"))
                .contains("maintenance.notify.webhook-urls");
        assertThat(failure("maintenance.notify.webhook-urls=" + hook(), "maintenance.notify.unsigned=true",
                "maintenance.notify.webhook-secret=" + SECRET)).contains("maintenance.notify.unsigned");
        assertThat(failure("maintenance.notify.webhook-urls=" + hook(), "maintenance.notify.unsigned=true",
                "maintenance.notify.queue-size=0")).contains("maintenance.notify.queue-size");
        assertThat(failure("maintenance.notify.webhook-urls=" + hook(), "maintenance.notify.unsigned=true",
                "maintenance.notify.alert-longer-than=-5m")).contains("maintenance.notify.alert-longer-than");
    }

    private static String failure(String... properties) {
        Throwable t = catchThrowable(() -> BootApp.start(TestWebApp.class, properties).close());
        assertThat(t).as("the start should fail").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
