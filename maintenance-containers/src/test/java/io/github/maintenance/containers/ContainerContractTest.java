package io.github.maintenance.containers;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.RawHttp;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every supported servlet container must show with the maintenance filter and the
 * dashboard, both declared the {@code web.xml} way (no-arg, init-parameters): one container start per
 * class, maintenance toggled through the controller the filter publishes. Subclasses name the
 * container; the build sets {@code containers.expected.<key>} to the server-info prefix it must
 * report, so that a test run on the wrong container (or none) fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class ContainerContractTest {

    private ContainerServer server;
    private MaintenanceController controller;
    private Object dashboardStartup;

    /** The key of the {@code containers.expected.<key>} system property. */
    abstract String containerKey();

    /** A new, not yet started server. */
    abstract ContainerServer newServer();

    /**
     * Whether the container initialises filters before the servlets loaded on start-up (the
     * specification leaves it open): true for Jetty and Tomcat; Undertow initialises a filter at
     * its first request.
     */
    boolean filtersStartBeforeLoadOnStartupServlets() {
        return true;
    }

    @BeforeAll
    void startContainer() throws Exception {
        server = newServer();
        server.start(ContractApp.app());
        dashboardStartup = server.servletContext().getAttribute(ContractApp.StartupRecordingDashboard.ATTRIBUTE);
        // The filter publishes its controller at its init, which some containers run at the first request.
        assertThat(get("/info").statusCode()).isEqualTo(200);
        controller = (MaintenanceController) server.servletContext().getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
        assertThat(controller).as("the controller the filter publishes").isNotNull();
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void leaveMaintenance() {
        if (controller != null) {
            controller.exit("ALL");
        }
    }

    private URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    private HttpResponse<String> get(String path, String... headers) {
        return Http.get(uri(path), headers);
    }

    private RawHttp.Response raw(String method, String rawPath, String... headerLines) {
        StringBuilder request = new StringBuilder(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return RawHttp.exchange(server.baseUri().getPort(), request.append("Connection: close\r\n\r\n").toString());
    }

    @Test
    void theExpectedContainerRunsTheseTests() {
        String key = "containers.expected." + containerKey();
        String expected = System.getProperty(key);
        assertThat(expected).as("system property %s (set by the build for each execution)", key).isNotBlank();

        assertThat(get("/info").body()).startsWith(expected);
    }

    @Test
    void aRouteInMaintenanceGetsThePageWithRetryAfterNoStoreAndContentType() {
        controller.enter("admin");

        HttpResponse<String> page = get("/admin/users", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(header(page, "Retry-After")).isEqualTo("120");
        assertThat(header(page, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(page, "Content-Type")).startsWith("text/html");
        assertThat(header(page, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(page.body()).contains("<html").doesNotContain("app GET");
        assertThat(get("/shop").body()).isEqualTo("app GET /shop");
    }

    @Test
    void headGetsTheHeadersAndNoBody() {
        controller.enter("admin");
        int getLength = get("/admin", "Accept", "text/html").body().getBytes(StandardCharsets.UTF_8).length;

        RawHttp.Response head = raw("HEAD", "/admin", "Accept: text/html");

        assertThat(head.status()).isEqualTo(503);
        assertThat(head.header("Retry-After")).isEqualTo("120");
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(head.header("Content-Type")).startsWith("text/html");
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(getLength));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void acceptJsonGetsTheJsonAnswer() {
        controller.enter("admin");

        HttpResponse<String> json = get("/admin", "Accept", "application/json");

        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(header(json, "Content-Type")).startsWith("application/json");
        assertThat(header(json, "Retry-After")).isEqualTo("120");
        assertThat(json.body()).startsWith("{").endsWith("}").contains("\"retry_after\"");
    }

    @Test
    void anAsyncServletBehindTheFilterWorksAndIsBlockedInMaintenance() {
        HttpResponse<String> served = get("/async/job");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).startsWith("async done on ").endsWith(" for /async/job");

        controller.enter("async");
        HttpResponse<String> blocked = get("/async/job");
        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(header(blocked, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(blocked.body()).doesNotContain("async done");

        controller.exit("async");
        assertThat(get("/async/job").statusCode()).isEqualTo(200);
    }

    @Test
    void errorDispatchesPassTheFilterEvenWhenTheErrorPageIsInMaintenance() {
        controller.enter("errors");
        assertThat(get(ContractApp.ERROR_PAGE).statusCode()).as("a request for the error page itself").isEqualTo(503);

        HttpResponse<String> sent = get("/fail/send");
        HttpResponse<String> thrown = get("/fail/throw");

        assertThat(sent.statusCode()).isEqualTo(500);
        assertThat(sent.body()).isEqualTo("error page 500 for /fail/send (ERROR)");
        assertThat(header(sent, "X-Maintenance-Mode")).isNull();
        assertThat(thrown.statusCode()).isEqualTo(500);
        assertThat(thrown.body()).isEqualTo("error page 500 for /fail/throw (ERROR)");
        assertThat(header(thrown, "X-Maintenance-Mode")).isNull();
    }

    @Test
    void aBlockedRequestGetsTheMaintenancePageOnceAndNoErrorPage() {
        controller.enter("fail");

        HttpResponse<String> blocked = get("/fail/send", "Accept", "text/html");

        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(header(blocked, "X-Error-Page")).as("the 503 error page is not dispatched to").isNull();
        assertThat(blocked.headers().allValues("Retry-After")).containsExactly("120");
        assertThat(blocked.body()).contains("<html").doesNotContain("error page");
        assertThat(blocked.body().indexOf("<html")).isEqualTo(blocked.body().lastIndexOf("<html"));
    }

    @Test
    void exemptPathsPassInMaintenance() {
        controller.enter("ALL");

        assertThat(get("/public/logo.svg").body()).isEqualTo("app GET /public/logo.svg");
        assertThat(get("/admin/health").body()).as("the route's exemption").isEqualTo("app GET /admin/health");
        assertThat(get("/ops/").statusCode()).as("the dashboard's page").isEqualTo(200);
        assertThat(get("/admin/users").statusCode()).isEqualTo(503);
        assertThat(get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void pathParametersAndPercentEncodingAreMatchedAsThePlainPath() {
        controller.enter("admin");

        assertThat(raw("GET", "/admin;jsessionid=1").status()).isEqualTo(503);
        assertThat(raw("GET", "/admin/users;jsessionid=1").status()).isEqualTo(503);
        assertThat(raw("GET", "/%61dmin").status()).isEqualTo(503);
        assertThat(raw("GET", "/%61dmin/users").status()).isEqualTo(503);
        assertThat(raw("GET", "/admin/health").body()).isEqualTo("app GET /admin/health");
        assertThat(raw("GET", "/admin/health;x=1").body()).as("the exemption, with a path parameter")
                .isEqualTo("app GET /admin/health");
    }

    /**
     * Dot segments, plain, encoded or with a path parameter ({@code ..;}), never lead past a route in
     * maintenance nor out of an exemption into it: the container refuses the request (Jetty: 400),
     * or resolves the path itself (Tomcat), or hands it over as it came (Undertow), and then the
     * filter resolves it (see the servlet module's request path); either way it is blocked as
     * {@code /admin}.
     */
    @Test
    void dotSegmentsNeverLeadPastARouteInMaintenance() {
        controller.enter("admin");

        for (String trick : new String[] {"/public/../admin", "/x/..;/admin", "/x/..;/admin/users",
                "/admin/health/../users", "/admin/health/..;/users", "/admin/health/%2e%2e/users",
                "/public/..;/admin", "/admin/health;/../users", "/public/./../admin/users"}) {
            RawHttp.Response r = raw("GET", trick);
            assertThat(r.status()).as("%s is blocked as /admin or refused by the container", trick).isIn(400, 503);
            assertThat(r.body()).as(trick).doesNotContain("app GET");
        }
    }

    @Test
    void theBypassCookieLetsThroughWhileMaintenanceLasts() {
        controller.enter("admin");

        HttpResponse<String> secret = get("/" + ContractApp.BYPASS_SECRET);
        assertThat(secret.statusCode()).isEqualTo(302);
        assertThat(header(secret, "Location")).isEqualTo("/");
        String setCookie = header(secret, "Set-Cookie");
        assertThat(setCookie).startsWith("maintenance_bypass=").contains("HttpOnly");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(get("/admin/users", "Cookie", cookie).body()).isEqualTo("app GET /admin/users");
        assertThat(get("/admin/users", "Cookie", "maintenance_bypass=forged").statusCode()).isEqualTo(503);
        assertThat(get("/admin/users").statusCode()).isEqualTo(503);
    }

    @Test
    void theDashboardLoadedOnStartupStartsWithTheContainerWhenTheFilterStartsLater() {
        assertThat(dashboardStartup).as("the dashboard's init at start-up, before any request").isEqualTo(
                filtersStartBeforeLoadOnStartupServlets() ? "started with controller" : "started without controller");
    }

    @Test
    void theDashboardLoadedOnStartupAnswersItsStateAndActsOnTheFiltersController() {
        String auth = "Bearer " + ContractApp.TOKEN;

        HttpResponse<String> state = get("/ops/api/dashboard/state", "Authorization", auth);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(header(state, "Content-Type")).startsWith("application/json");
        assertThat(state.body()).contains("\"admin\"", "\"async\"", "\"errors\"");

        HttpResponse<String> enter = Http.post(uri("/ops/api/dashboard/actions"),
                "{\"action\":\"enter\",\"target\":\"admin\"}", "Authorization", auth, "Content-Type", "application/json");
        assertThat(enter.statusCode()).isEqualTo(200);
        assertThat(controller.status("admin").inMaintenance()).isTrue();
        assertThat(get("/admin").statusCode()).isEqualTo(503);
    }
}
