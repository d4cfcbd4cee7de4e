package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Read-only maintenance: safe methods and configured pairs pass, everything else gets the page. */
class ReadOnlyModeIT {

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;
    private JettyServer server;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        server = jetty.start(ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void enterReadOnly() {
        controller.enter("ALL", MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build());
    }

    private HttpResponse<String> send(String method, String path, String... headers) {
        return Http.send(Http.request(server.uri(path), headers)
                .method(method, HttpRequest.BodyPublishers.ofString("a=1")));
    }

    @Test
    void safeMethodsPassWithTheReadOnlyHeader() throws Exception {
        start(FilterSettings.ofDefaults());
        enterReadOnly();

        HttpResponse<String> get = Http.get(server.uri("/shop/cart"));
        HttpResponse<String> head = Http.head(server.uri("/shop/cart"));
        HttpResponse<String> options = send("OPTIONS", "/shop/cart");

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("app GET /shop/cart");
        assertThat(header(get, "X-Read-Only")).isEqualTo("true");
        assertThat(get.headers().map()).doesNotContainKeys("x-maintenance-mode", "retry-after");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "X-Read-Only")).isEqualTo("true");
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(controller.status("*").readOnlyRejected()).isZero();
        assertThat(controller.status("*").maintenanceHits()).isZero();
    }

    @Test
    void unsafeMethodsGetTheMaintenanceResponseNegotiatedByAccept() throws Exception {
        start(FilterSettings.ofDefaults());
        enterReadOnly();

        HttpResponse<String> post = send("POST", "/shop/cart", "Accept", "application/json");
        HttpResponse<String> delete = send("DELETE", "/shop/cart/1", "Accept", "text/html");
        HttpResponse<String> patch = send("PATCH", "/shop/cart/1");

        assertThat(post.statusCode()).isEqualTo(503);
        assertThat(header(post, "X-Maintenance-Mode")).isEqualTo("read-only");
        assertThat(header(post, "Retry-After")).isNotNull();
        assertThat(header(post, "Content-Type")).isEqualTo("application/json");
        assertThat(post.body()).startsWith("{");
        assertThat(post.headers().map()).doesNotContainKey("x-read-only");
        assertThat(delete.statusCode()).isEqualTo(503);
        assertThat(header(delete, "Content-Type")).startsWith("text/html");
        assertThat(patch.statusCode()).isEqualTo(503);
        assertThat(controller.status("*").readOnlyRejected()).isEqualTo(3);
        assertThat(controller.status("*").maintenanceHits()).isZero();
    }

    @Test
    void configuredPairsPassAndOnlyUnderTheirPrefix() throws Exception {
        start(FilterSettings.custom().readOnlyAllow("post /login, PUT /api/session").build());
        enterReadOnly();

        HttpResponse<String> login = send("POST", "/login");
        HttpResponse<String> below = send("PUT", "/api/session/renew");
        HttpResponse<String> lookalike = send("POST", "/loginx");
        HttpResponse<String> otherMethod = send("DELETE", "/login");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).isEqualTo("app POST /login");
        assertThat(header(login, "X-Read-Only")).isEqualTo("true");
        assertThat(below.statusCode()).isEqualTo(200);
        assertThat(lookalike.statusCode()).isEqualTo(503);
        assertThat(otherMethod.statusCode()).isEqualTo(503);
        assertThat(controller.status("*").readOnlyRejected()).isEqualTo(2);
    }

    @Test
    void fullMaintenanceStillBlocksSafeMethods() throws Exception {
        start(FilterSettings.ofDefaults());
        controller.enter("ALL");

        HttpResponse<String> get = Http.get(server.uri("/shop/cart"));

        assertThat(get.statusCode()).isEqualTo(503);
        assertThat(header(get, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(get.headers().map()).doesNotContainKey("x-read-only");
    }
}
