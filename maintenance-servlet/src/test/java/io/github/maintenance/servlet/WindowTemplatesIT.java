package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.servlet.dashboard.DashboardServlet;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named page templates (init-parameter {@code templates}) chosen per maintenance entry, and the
 * entry's {@code refresh}: two routes in maintenance with different templates serve different
 * pages; an unknown name is refused from Java and from the dashboard's API and changes nothing.
 */
class WindowTemplatesIT {

    private static final String TOKEN = "templates-token-0123456789";

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @TempDir
    Path dir;

    private JettyServer server;
    private MaintenanceController controller;

    /** Filter by init-parameters (routes shop and api, templates blue from the class path and red from a file), dashboard on /ops. */
    @BeforeEach
    void start() throws Exception {
        Path red = dir.resolve("red.html");
        Files.writeString(red, "<main class=\"brand-red\">{{message}} (again in {{refresh_seconds}} s)</main>",
                StandardCharsets.UTF_8);
        server = jetty.start(ctx -> {
            FilterHolder filter = JettyServer.addFilter(ctx, new MaintenanceFilter());
            filter.setInitParameter("routes", "shop path=/shop; api path=/api");
            filter.setInitParameter("templates", "blue=classpath:pages/blue.html, red=" + red);
            filter.setInitParameter("exemptPaths", "/ops");
            ServletHolder dashboard = JettyServer.addServlet(ctx, new DashboardServlet(), "/ops/*");
            dashboard.setInitOrder(1);
            dashboard.setInitParameter("token", TOKEN);
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/");
        });
        controller = (MaintenanceController) server.context().getServletContext()
                .getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
    }

    private void enter(String target, WindowOptions options) {
        controller.enter(Target.parse(target), MaintenanceRequest.builder().message("Back at noon").options(options)
                .build(), Cause.api("ops"));
    }

    private HttpResponse<String> page(String path) {
        return Http.get(server.uri(path), "Accept", "text/html");
    }

    private HttpResponse<String> action(String json) {
        return Http.post(server.uri("/ops/api/dashboard/actions"), json, "Authorization", "Bearer " + TOKEN,
                "Content-Type", "application/json");
    }

    @Test
    void twoWindowsOnTwoRoutesServeTheirOwnTemplates() {
        enter("shop", WindowOptions.builder().template("blue").build());
        enter("api", WindowOptions.builder().template("red").build());

        HttpResponse<String> shop = page("/shop/cart");
        HttpResponse<String> api = page("/api/orders");

        assertThat(shop.statusCode()).isEqualTo(503);
        assertThat(shop.body()).contains("class=\"brand-blue\"", "<h1>Blue shop</h1>", "<p>Back at noon</p>")
                .doesNotContain("brand-red");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.body()).isEqualTo("<main class=\"brand-red\">Back at noon (again in 30 s)</main>");
        assertThat(header(api, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(Http.get(server.uri("/home")).statusCode()).as("the catch-all serves").isEqualTo(200);

        HttpResponse<String> changed = action("{\"action\":\"enter\",\"target\":\"api\",\"template\":\"blue\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(page("/api/orders").body()).as("the dashboard switches the template").contains("Blue shop");
    }

    @Test
    void anUnknownTemplateIsRefusedFromJavaAndFromTheDashboardAndChangesNothing() {
        enter("shop", WindowOptions.builder().template("blue").build());

        assertThatThrownBy(() -> enter("ALL", WindowOptions.builder().template("green").build()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("'green'").hasMessageContaining("known are [blue, red]");

        HttpResponse<String> refused = action("{\"action\":\"enter\",\"target\":\"api\",\"template\":\"green\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown page template", "known are [blue, red]");
        Instant start = Instant.now().plus(Duration.ofHours(1));
        HttpResponse<String> scheduled = action("{\"action\":\"schedule\",\"target\":\"api\",\"start\":\"" + start
                + "\",\"end\":\"" + start.plus(Duration.ofHours(1)) + "\",\"template\":\"green\"}");
        assertThat(scheduled.statusCode()).isEqualTo(400);
        assertThat(scheduled.body()).contains("known are [blue, red]");

        assertThat(controller.status("api").inMaintenance()).isFalse();
        assertThat(controller.schedules()).isEmpty();
        assertThat(Http.get(server.uri("/api/orders")).statusCode()).isEqualTo(200);
        assertThat(page("/shop").body()).contains("Blue shop");
    }

    @Test
    void theWindowsRefreshIsSentAsAHeaderAndDrivesThePagesOwnReload() {
        enter("api", WindowOptions.DEFAULTS);
        HttpResponse<String> dashboardEnter = action("{\"action\":\"enter\",\"target\":\"shop\",\"refresh\":\"7s\"}");
        assertThat(dashboardEnter.statusCode()).isEqualTo(200);
        assertThat(controller.status("shop").maintenanceOptions().refresh()).isEqualTo(Duration.ofSeconds(7));

        HttpResponse<String> shop = page("/shop");
        assertThat(shop.statusCode()).isEqualTo(503);
        assertThat(header(shop, "Refresh")).isEqualTo("7");
        assertThat(shop.body()).contains("<meta http-equiv=\"refresh\" content=\"7\">")
                .doesNotContain("content=\"30\"");

        HttpResponse<String> api = page("/api");
        assertThat(header(api, "Refresh")).as("no window refresh and pageRefreshHeader off").isNull();
        assertThat(api.body()).contains("<meta http-equiv=\"refresh\" content=\"30\">");

        enter("api", WindowOptions.builder().template("red").refresh(Duration.ofSeconds(12)).build());
        HttpResponse<String> red = page("/api");
        assertThat(header(red, "Refresh")).isEqualTo("12");
        assertThat(red.body()).isEqualTo("<main class=\"brand-red\">Back at noon (again in 12 s)</main>");
    }
}
