package io.github.maintenance.examples;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.notify.WebhookSignature;
import io.github.maintenance.servlet.testing.Http;

import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's {@code --webhook} and {@code --webhook-secret}: parsed, then posting signed changes to a real receiver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoWebhookTest {

    /** One request the receiver got: its webhook headers and body. */
    private record Received(Map<String, String> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new java.util.HashMap<>();
                for (String h : List.of(WebhookSignature.ID_HEADER, WebhookSignature.TIMESTAMP_HEADER,
                        WebhookSignature.SIGNATURE_HEADER)) {
                    String v = exchange.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        headers.put(h, v);
                    }
                }
                received.add(new Received(headers, body));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void parsesTheWebhookOptions() throws Exception {
        assertThat(DemoArguments.parse("--webhook", hookUrl(), "--webhook-secret", "s3cret").webhook())
                .isEqualTo(new DemoApp.Webhook(hookUrl(), "s3cret"));
        assertThat(DemoArguments.parse("--webhook=" + hookUrl()).webhook()).isEqualTo(new DemoApp.Webhook(hookUrl(), null));
        assertThat(DemoArguments.parse().webhook()).isNull();
        assertThat(new DemoApp.Webhook(hookUrl(), "s3cret").toString()).doesNotContain("s3cret").doesNotContain("/hook");

        assertThatThrownBy(() -> DemoArguments.parse("--webhook-secret", "s3cret"))
                .hasMessage("--webhook-secret needs --webhook URL");
        assertThatThrownBy(() -> DemoArguments.parse("--webhook", "ftp://127.0.0.1/hook"))
                .hasMessage("--webhook must be an http or https URL: only absolute http and https URLs are allowed");
        assertThatThrownBy(() -> DemoArguments.parse("--webhook", hookUrl(), "--webhook-secret", ""))
                .hasMessage("--webhook-secret needs a value, got an empty one");
    }

    @Test
    void aChangeMadeOverHttpIsPostedSignedToTheWebhook() throws Exception {
        DemoApp.Options options = new DemoApp.Options("127.0.0.1", 0, 0, null)
                .withWebhook(new DemoApp.Webhook(hookUrl(), "s3cret"));
        try (DemoApp app = DemoApp.start(options)) {
            HttpResponse<String> r = Http.post(app.uri("/_control/enter?target=/admin&message=Back+soon"), "");
            assertThat(r.statusCode()).isEqualTo(200);

            await().until(() -> !received.isEmpty());
            Received m = received.get(0);
            assertThat(new String(m.body(), StandardCharsets.UTF_8))
                    .startsWith("{\"type\":\"maintenance_entered\",")
                    .contains("\"routes\":[\"admin\"]");
            assertThat(WebhookSignature.verify("s3cret", m.headers().get(WebhookSignature.ID_HEADER),
                    m.headers().get(WebhookSignature.TIMESTAMP_HEADER), m.body(),
                    m.headers().get(WebhookSignature.SIGNATURE_HEADER), Instant.now())).isTrue();
        }
    }
}
