package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dashboard declared the web.xml way: no-arg, init-parameters, controller from the servlet context. */
class DashboardWebXmlIT {

    private static final String TOKEN = "webxml-token-0123456789";
    private static final String PREFIX = "Invalid maintenance dashboard configuration: ";

    private JettyServer server;
    private MaintenanceController external;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (external != null) {
            external.close();
        }
    }

    /** Filter from init-parameters (routes: admin), dashboard on /ops/* loaded on start-up, the app on /. */
    private JettyServer startWith(Map<String, String> dashboardParams, boolean withFilter) throws Exception {
        return jetty.start(ctx -> {
            if (withFilter) {
                FilterHolder filter = JettyServer.addFilter(ctx, new MaintenanceFilter());
                filter.setInitParameter("routes", "admin path=/admin");
                filter.setInitParameter("exemptPaths", "/ops");
            }
            addDashboard(ctx, new DashboardServlet(), dashboardParams);
            JettyServer.addServlet(ctx, new DashboardFixture.AppServlet(), "/");
        });
    }

    private static void addDashboard(ServletContextHandler ctx, DashboardServlet servlet, Map<String, String> params) {
        ServletHolder holder = JettyServer.addServlet(ctx, servlet, "/ops/*");
        holder.setInitOrder(1);
        params.forEach(holder::setInitParameter);
    }

    private HttpResponse<String> get(String path) {
        return Http.send(Http.request(server.uri(path), "Authorization", "Bearer " + TOKEN));
    }

    @Test
    void aNoArgDashboardTakesTheFiltersControllerAndIsConfiguredByInitParameters() throws Exception {
        server = startWith(Map.of("token", TOKEN, "title", "Shop ops", "maxStreams", "3"), true);

        Map<String, Object> state = object(get("/ops/api/dashboard/state"));
        assertThat(DashboardFixture.list(state.get("routes"))).extracting(r -> DashboardFixture.map(r).get("id"))
                .containsExactly("*", "admin");
        HttpResponse<String> enter = Http.send(Http.request(server.uri("/ops/api/dashboard/actions"),
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"enter\",\"target\":\"/admin\"}")));
        assertThat(object(enter)).containsEntry("route_ids", List.of("admin"));
        assertThat(Http.send(Http.request(server.uri("/admin"))).statusCode()).isEqualTo(503);
        assertThat(get("/ops/").body()).contains("<title>Shop ops</title>");
        MaintenanceController published = (MaintenanceController) server.context().getServletContext()
                .getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
        assertThat(published.totals().inMaintenance()).isEqualTo(1);
    }

    @Test
    void theNamedTokensInitParameterRecordsChangesUnderTheTokensName() throws Exception {
        String opsToken = "ops-team-token-0123456789";
        server = startWith(Map.of("token", TOKEN, "namedTokens", "ops-team=" + opsToken + ", deploy.bot=bot=token=42"),
                true);

        for (String[] change : new String[][] {{opsToken, "enter", "disk swap"}, {"bot=token=42", "exit", "done"},
                {TOKEN, "enter", "again"}}) {
            HttpResponse<String> r = Http.send(Http.request(server.uri("/ops/api/dashboard/actions"),
                    "Authorization", "Bearer " + change[0], "Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"" + change[1]
                            + "\",\"target\":\"admin\",\"reason\":\"" + change[2] + "\"}")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        HttpResponse<String> audit = get("/ops/api/dashboard/audit");
        assertThat(audit.statusCode()).isEqualTo(200);
        List<Object> entries = DashboardFixture.array(audit);
        assertThat(entries).extracting(e -> DashboardFixture.map(e).get("actor") + " " + DashboardFixture.map(e).get("reason"))
                .containsExactly("127.0.0.1 again", "deploy.bot done", "ops-team disk swap");
        assertThat(audit.body()).doesNotContain(opsToken).doesNotContain("token=42");
    }

    @Test
    void aBadNamedTokenStopsTheDashboardNamingTheParameterButNotTheToken() {
        Throwable thrown = catchThrowable(() -> server = startWith(Map.of("namedTokens",
                "ops=first-secret-0123456789,ops=second-secret-0123456789"), true));

        assertThat(configError(thrown)).hasMessage(PREFIX + "invalid value for 'namedTokens': entry 2: the name 'ops' "
                + "is given twice");
    }

    @Test
    void aControllerAttributeNamesWhereTheControllerIs() throws Exception {
        external = MaintenanceController.create(DashboardFixture.config(java.time.Clock.systemUTC()).build());
        server = jetty.start(ctx -> {
            ctx.setAttribute("shop.maintenance", external);
            addDashboard(ctx, new DashboardServlet(), Map.of("token", TOKEN, "controllerAttribute", "shop.maintenance"));
        });

        assertThat(DashboardFixture.list(object(get("/ops/api/dashboard/state")).get("routes"))).hasSize(3);
    }

    @Test
    void aControllerPublishedAfterTheDashboardStartedIsFoundAtTheNextRequest() throws Exception {
        server = startWith(Map.of("token", TOKEN), false);
        assertThat(get("/ops/api/dashboard/state").statusCode()).as("no controller yet").isEqualTo(503);

        external = MaintenanceController.create(DashboardFixture.config(java.time.Clock.systemUTC()).build());
        server.context().getServletContext().setAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE, external);
        external.enter("admin");

        HttpResponse<String> state = get("/ops/api/dashboard/state");
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(DashboardFixture.map(object(state).get("totals")).get("in_maintenance")).hasToString("1");
    }

    @Test
    void withoutAControllerTheDashboardAnswers503AndLogsWhyOnce() throws Exception {
        server = startWith(Map.of("token", TOKEN), false);

        HttpResponse<String> first = get("/ops/api/dashboard/state");
        HttpResponse<String> page = get("/ops/");

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(object(first)).containsEntry("error",
                "the maintenance dashboard has no controller yet (see the server log)");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(Http.header(page, "Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void anAttributeHoldingSomethingElseStopsTheDashboardFromStarting() {
        Throwable thrown = catchThrowable(() -> server = jetty.start(ctx -> {
            ctx.setAttribute("shop.maintenance", "not a controller");
            addDashboard(ctx, new DashboardServlet(), Map.of("token", TOKEN, "controllerAttribute", "shop.maintenance"));
        }));

        assertThat(configError(thrown)).hasMessage(PREFIX + "servlet-context attribute 'shop.maintenance' holds a "
                + "java.lang.String, not a MaintenanceController");
    }

    @Test
    void aBadInitParameterStopsTheDashboardFromStartingWithAPreciseMessage() {
        Throwable thrown = catchThrowable(() -> server = startWith(Map.of("token", TOKEN, "maxStreams", "0"), true));

        assertThat(configError(thrown)).hasMessage(PREFIX + "invalid value for 'maxStreams': '0' (must be 1 to 10000)");
    }

    @Test
    void initParametersGivenToAProgrammaticDashboardAreRefused() {
        Throwable thrown = catchThrowable(() -> server = jetty.start(ctx -> {
            external = MaintenanceController.create(DashboardFixture.config(java.time.Clock.systemUTC()).build());
            addDashboard(ctx, new DashboardServlet(external, DashboardSettings.custom().token(TOKEN).build()),
                    Map.of("allowLoopback", "true"));
        }));

        assertThat(configError(thrown)).hasMessage(PREFIX + "init-parameters [allowLoopback] given to a dashboard "
                + "constructed with a controller and settings; configure one way only");
    }

    /** Our ServletException, wherever Jetty wrapped or attached it. */
    private static ServletException configError(Throwable thrown) {
        assertThat(thrown).as("the server does not start").isNotNull();
        return JettyServer.startupError(thrown, PREFIX);
    }
}
