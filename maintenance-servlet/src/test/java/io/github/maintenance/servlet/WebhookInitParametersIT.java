package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static io.github.maintenance.testing.Awaits.await;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.notify.WebhookSignature;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Webhook notifications configured the web.xml way: a filter that creates its controller posts
 * its changes, signed, to a real receiver (a second Jetty on 127.0.0.1), and stops posting when
 * it is destroyed; bad parameters stop the filter with a message naming the parameter.
 */
@Timeout(60)
class WebhookInitParametersIT {

    private static final String PREFIX = "Invalid maintenance filter configuration: ";
    private static final String SECRET = "web-xml-webhook-secret";

    private final BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    /** Keeps each post's body and whether its signature verifies. */
    private final class Receiver extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = req.getInputStream().readAllBytes();
            String signature = req.getHeader("webhook-signature");
            received.add(Map.of("body", new String(body, StandardCharsets.UTF_8),
                    "signed", String.valueOf(signature != null),
                    "valid", String.valueOf(signature != null && WebhookSignature.verify(SECRET,
                            req.getHeader("webhook-id"), req.getHeader("webhook-timestamp"), body, signature,
                            Instant.now()))));
            resp.setStatus(204);
        }
    }

    private String receiverUrl() throws Exception {
        JettyServer receiver = jetty.start(ctx -> JettyServer.addServlet(ctx, new Receiver(), "/hook"));
        return "http://127.0.0.1:" + receiver.port() + "/hook";
    }

    private JettyServer app(Map<String, String> params) throws Exception {
        return jetty.start(ctx -> {
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            params.forEach(holder::setInitParameter);
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static long webhookThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("maintenance-webhook")).count();
    }

    private static MaintenanceController controllerOf(JettyServer server) {
        return (MaintenanceController) server.context().getServletContext()
                .getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
    }

    @Test
    void aChangeIsPostedSignedAndNothingAfterTheFilterIsDestroyed() throws Exception {
        String url = receiverUrl();
        JettyServer app = app(params("webhookUrls", url, "webhookSecret", SECRET));
        MaintenanceController controller = controllerOf(app);

        controller.enter("ALL");

        Map<String, String> post = received.poll(20, TimeUnit.SECONDS);
        assertThat(post).as("a post reached the receiver").isNotNull();
        assertThat(post.get("valid")).as("signature verifies").isEqualTo("true");
        assertThat(post.get("body")).contains("\"type\":\"maintenance_entered\"").contains("\"routes\":[\"*\"");
        assertThat(webhookThreads()).as("the notifier's delivery thread runs").isPositive();

        app.close();
        await().until(() -> webhookThreads() == 0);
        assertThat(received).as("nothing more was posted").isEmpty();
    }

    @Test
    void theSlackFormatUnsignedPostsOneTextField() throws Exception {
        String url = receiverUrl();
        JettyServer app = app(params("webhookUrls", url, "webhookUnsigned", "true", "webhookFormat", "slack",
                "alertLongerThan", "2h", "alertHitsPerMinute", "500"));

        controllerOf(app).enter("ALL");

        Map<String, String> post = received.poll(20, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.get("signed")).isEqualTo("false");
        assertThat(post.get("body")).startsWith("{\"text\":\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "webhookUrls | http://127.0.0.1:9/hook | invalid value for 'webhookSecret': '(not set)' (required to sign the posts, or set webhookUnsigned=true)",
        "webhookSecret | abc | invalid value for 'webhookSecret': '(not shown)' (needs webhookUrls)",
        "alertLongerThan | 1h | invalid value for 'alertLongerThan': '1h' (needs webhookUrls)",
    })
    void aWebhookParameterAloneIsRefused(String name, String value, String message) {
        assertThat(startupError(params(name, value))).startsWith(PREFIX + message);
    }

    @Test
    void badWebhookValuesAreRefusedNamingTheParameterAndNeverTheSecret() {
        String url = "http://127.0.0.1:9/hook";
        assertThat(startupError(params("webhookUrls", url, "webhookUnsigned", "true", "webhookSecret", SECRET)))
                .startsWith(PREFIX + "invalid value for 'webhookUnsigned'").doesNotContain(SECRET);
        assertThat(startupError(params("webhookUrls", url, "webhookUnsigned", "true", "webhookFormat", "xml")))
                .startsWith(PREFIX + "invalid value for 'webhookFormat': 'xml' (expected json or slack)");
        assertThat(startupError(params("webhookUrls", "ftp://127.0.0.1/hook", "webhookUnsigned", "true")))
                .startsWith(PREFIX + "invalid value for 'webhookUrls'");
        assertThat(startupError(params("webhookUrls", url, "webhookUnsigned", "true", "alertHitsPerMinute", "-1")))
                .startsWith(PREFIX + "invalid value for 'alertHitsPerMinute': '-1' (expected a whole number");
        assertThat(startupError(params("webhookUrls", url, "webhookUnsigned", "true", "alertHitsPerMinute", "many")))
                .startsWith(PREFIX + "invalid value for 'alertHitsPerMinute': 'many'");
        assertThat(startupError(params("webhookUrls", url, "webhookUnsigned", "true", "alertLongerThan", "soon")))
                .startsWith(PREFIX + "invalid value for 'alertLongerThan': 'soon'");
        assertThat(startupError(params("webhookUrls", url, "pageUrlDeny", "loopback", "webhookUnsigned", "true")))
                .as("destinations pass the controller's page-URL policy")
                .startsWith(PREFIX + "invalid value for 'webhookUrls'");
    }

    private String startupError(Map<String, String> params) {
        Throwable thrown = catchThrowable(() -> app(params));
        assertThat(thrown).as("the filter does not start").isNotNull();
        ServletException error = JettyServer.startupError(thrown, PREFIX);
        return error.getMessage();
    }
}
