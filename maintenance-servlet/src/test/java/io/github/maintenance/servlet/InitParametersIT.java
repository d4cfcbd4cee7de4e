package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.jmx.JmxRegistration;
import io.github.maintenance.jmx.MaintenanceJmx;
import io.github.maintenance.jmx.MaintenanceMXBean;
import io.github.maintenance.state.Phase;
import io.github.maintenance.testing.Awaits;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The no-arg filter configured the web.xml way, through init-parameters. */
class InitParametersIT {

    private static final String PREFIX = "Invalid maintenance filter configuration: ";

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

    private JettyServer startWith(Map<String, String> params, HttpServlet app,
            AtomicReference<FilterHolder> holderOut) throws Exception {
        return jetty.start(ctx -> {
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            params.forEach(holder::setInitParameter);
            JettyServer.addServlet(ctx, app, "/*");
            if (holderOut != null) {
                holderOut.set(holder);
            }
        });
    }

    private void start(Map<String, String> params) throws Exception {
        server = startWith(params, new Apps.OkServlet(), null);
    }

    private MaintenanceController published() {
        return (MaintenanceController) server.context().getServletContext().getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void routesAndTheInitialMaintenanceTargetComeFromInitParameters() throws Exception {
        start(params(
                "routes", "admin path=/admin exempt=/admin/health; api path=/api domains=api.example.com,*.api.example.com priority=5",
                "maintenance", "admin",
                "retryAfter", "2m",
                "pageMessage", " Back soon ",
                "exemptPaths", "/health, /static"));

        HttpResponse<String> admin = Http.get(server.uri("/admin/users"), "Accept", "application/json");
        assertThat(admin.statusCode()).isEqualTo(503);
        assertThat(header(admin, "Retry-After")).isEqualTo("120");
        assertThat(admin.body()).contains("\"message\":\"Back soon\"");
        assertThat(Http.get(server.uri("/admin/health")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/api")).statusCode()).isEqualTo(200);

        MaintenanceController controller = published();
        assertThat(controller.routes()).extracting(Route::id).containsExactlyInAnyOrder("*", "admin", "api");
        Route api = controller.routes().stream().filter(r -> r.id().equals("api")).findFirst().orElseThrow();
        assertThat(api.priority()).isEqualTo(5);
        assertThat(api.domains()).containsExactly("api.example.com", "*.api.example.com");
        assertThat(controller.status("admin").phase()).isEqualTo(Phase.MAINTENANCE);

        controller.enter("ALL");
        assertThat(Http.get(server.uri("/health/live")).statusCode()).as("global exempt path").isEqualTo(200);
        assertThat(Http.get(server.uri("/static")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/shop")).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/robots.txt")).statusCode()).as("exempt by default").isEqualTo(200);
    }

    @Test
    void theLongMaintenanceLimitsComeFromInitParameters() throws Exception {
        start(params("stuckAfter", "2h", "maxDuration", "7d"));
        assertThat(published().config().stuckAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(published().config().maxDuration()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theClusterHeartbeatComesFromItsInitParameter() throws Exception {
        start(params("clusterHeartbeat", "30s"));
        assertThat(published().config().clusterHeartbeat()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theLongMaintenanceLimitsTurnOffWithOffOrZero() throws Exception {
        start(params("stuckAfter", "off", "maxDuration", "0"));
        assertThat(published().config().stuckAfter()).isZero();
        assertThat(published().config().maxDuration()).isZero();
    }

    @Test
    void theRobotsTxtExemptionCanBeTurnedOffByInitParameter() throws Exception {
        start(params("maintenance", "ALL", "exemptRobotsTxt", "false"));
        assertThat(Http.get(server.uri("/robots.txt")).statusCode()).isEqualTo(503);
    }

    @Test
    void corsAndTheStatusEndpointComeFromInitParameters() throws Exception {
        start(params("maintenance", "ALL", "corsAllowedOrigins", " http://127.0.0.1:5173 , https://[::1]:443 ",
                "corsAllowCredentials", "true", "statusPath", "/maintenance-status", "statusMaxAge", "10s"));

        HttpResponse<String> page = Http.get(server.uri("/shop"), "Origin", "https://[::1]", "Accept", "application/json");
        HttpResponse<String> status = Http.get(server.uri("/maintenance-status"), "Origin", "http://127.0.0.1:5173");

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(header(page, "Access-Control-Allow-Origin")).isEqualTo("https://[::1]");
        assertThat(header(page, "Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).startsWith("{\"maintenance\":true,\"mode\":\"full\"");
        assertThat(header(status, "Cache-Control")).isEqualTo("public, max-age=10");
        assertThat(header(status, "Access-Control-Allow-Origin")).isEqualTo("http://127.0.0.1:5173");
    }

    @Test
    void theFilterSettingsComeFromInitParameters() throws Exception {
        start(params(
                "maintenance", "ALL",
                "statusCode", "500",
                "pageTitle", "Closed for works",
                "readinessPath", "/ready",
                "allowedIps", "10.0.0.0/8, 192.0.2.1",
                "trustedProxies", "127.0.0.1"));

        HttpResponse<String> page = Http.get(server.uri("/"), "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(header(page, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(page.body()).contains("Closed for works");
        assertThat(Http.get(server.uri("/ready")).body()).isEqualTo("{\"status\":\"maintenance\"}");
        assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "10.1.2.3").statusCode())
                .as("allowed client behind the trusted proxy").isEqualTo(200);
        assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "192.0.2.2").statusCode()).isEqualTo(500);
    }

    @Test
    void thePageUrlPolicyAndTheProxyCacheComeFromInitParameters() throws Exception {
        start(params(
                "pageUrlDeny", "loopback, private",
                "pageUrlAllowedHosts", "*.localhost",
                "proxyForwardMethodAndQuery", "true",
                "proxyCacheTtl", "30s",
                "proxyCacheSize", "16",
                "proxyMissWait", "250ms"));

        MaintenanceController controller = published();
        assertThat(controller.config().urlPolicy()).hasToString("hosts [*.localhost], no loopback, no private addresses");
        assertThatThrownBy(() -> controller.enter("ALL", MaintenanceRequest.builder()
                .pageUrl("http://pages.localhost/").build()))
                .hasMessage("invalid maintenance page url 'http://pages.localhost/': loopback addresses are not allowed");
        assertThat(controller.totals().inMaintenance()).isZero();
        FilterSettings settings = InitParameters.parse(params("proxyForwardMethodAndQuery", "true", "proxyCacheTtl",
                "30s", "proxyCacheSize", "16", "proxyMissWait", "250ms"), getClass().getClassLoader()).filterSettings();
        assertThat(settings.proxy().forwardMethodAndQuery()).isTrue();
        assertThat(settings.proxy().cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.proxy().maxCacheEntries()).isEqualTo(16);
        assertThat(settings.proxy().missWait()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theCircuitBreakerIsConfiguredFromItsInitParameter() throws Exception {
        server = startWith(params("circuitBreaker", "failures=2,window=60s,open=45s,successes=1"),
                new MaintenanceResponsesIT.FailingServlet(), null);

        assertThat(Http.get(server.uri("/fail")).statusCode()).isEqualTo(500);
        assertThat(Http.get(server.uri("/fail")).statusCode()).isEqualTo(500);
        HttpResponse<String> open = Http.get(server.uri("/ok"));

        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(header(open, "X-Circuit-State")).isEqualTo("open");
        assertThat(header(open, "Retry-After")).isEqualTo("45");
    }

    @Test
    void drainSettingsComeFromInitParameters() throws Exception {
        start(params("drainRetryAfter", "15s", "afterDrain", "keep-rejecting", "drainPolicy", "linear"));

        published().startDrain("ALL", Duration.ofMillis(1));

        HttpResponse<String> r = Awaits.await()
                .until(() -> Http.get(server.uri("/")), x -> x.statusCode() == 503);
        assertThat(header(r, "X-Drain-Mode")).isEqualTo("true");
        assertThat(header(r, "Retry-After")).isEqualTo("15");
    }

    @Test
    void afterDrainMaintenanceTurnsAFinishedDrainIntoMaintenance() throws Exception {
        start(params("afterDrain", "maintenance"));

        published().startDrain("ALL", Duration.ofMillis(1));

        HttpResponse<String> r = Awaits.await()
                .until(() -> Http.get(server.uri("/")), x -> x.statusCode() == 503);
        assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(header(r, "X-Drain-Mode")).isNull();
        assertThat(header(r, "Retry-After")).isEqualTo("300");
    }

    @Test
    void theFilterPublishesItsControllerAndClosesItWhenDestroyed() throws Exception {
        start(params());
        MaintenanceController controller = published();
        assertThat(controller).isNotNull();

        server.close();
        server = null;

        assertThatThrownBy(() -> controller.enter("ALL"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the maintenance controller is closed");
    }

    @Test
    void aControllerNamedByAttributeIsUsedAndLeftOpen() throws Exception {
        external = MaintenanceController.create(Apps.config(java.time.Clock.systemUTC()).build());
        server = jetty.start(ctx -> {
            ctx.setAttribute("app.maintenance", external);
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            holder.setInitParameter("controllerAttribute", "app.maintenance");
            holder.setInitParameter("exemptPaths", "/health");
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
        external.enter("ALL");

        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/health")).statusCode()).isEqualTo(200);
        assertThat(published()).isSameAs(external);

        server.close();
        server = null;
        assertThat(external.exit("ALL")).as("still open after the filter was destroyed").contains("*");
    }

    @Test
    void jmxRegistersTheControllersMBeanInThePlatformServerUntilTheFilterIsDestroyed() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        start(params("routes", "admin path=/admin", "jmx", "true"));
        MaintenanceController controller = published();
        ObjectName name = MaintenanceJmx.objectName(null, controller.config().instanceName());
        assertThat(platform.isRegistered(name)).isTrue();

        MaintenanceMXBean bean = JMX.newMXBeanProxy(platform, name, MaintenanceMXBean.class);
        assertThat(bean.enter("admin", "Back soon")).startsWith("entered maintenance on [admin]");
        assertThat(Http.get(server.uri("/admin")).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);

        server.close();
        server = null;
        assertThat(platform.isRegistered(name)).isFalse();
    }

    @Test
    void withoutTheJmxParameterNoMBeanIsRegistered() throws Exception {
        start(params("routes", "admin path=/admin"));
        assertThat(published().config().jmx()).isFalse();
        assertThat(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName(MaintenanceJmx.DEFAULT_DOMAIN + ":*"), null)).isEmpty();
    }

    @Test
    void jmxWithAnInstanceNameAlreadyRegisteredStopsTheFilterWithAClearMessage() throws Exception {
        external = MaintenanceController.create(Apps.config(java.time.Clock.systemUTC())
                .instanceName(MaintenanceConfig.ofDefaults().instanceName()).build());
        try (JmxRegistration taken = MaintenanceJmx.register(external)) {
            Throwable thrown = catchThrowable(() -> server = startWith(params("jmx", "true"), new Apps.OkServlet(), null));

            assertThat(configError(thrown)).hasMessage(PREFIX + "an MBean named " + taken.objectName()
                    + " is already registered: another maintenance controller has the instance name '"
                    + external.config().instanceName() + "'; give each controller its own instanceName or jmxDomain");
            assertThat(ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName(MaintenanceJmx.DEFAULT_DOMAIN + ":*"), null))
                    .containsExactly(taken.objectName());
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "retryafter    | 5m            | unknown init-parameter(s) [retryafter]; known are [afterDrain, alertHitsPerMinute, alertLongerThan, allowedIps,",
        "statusCode    | abc           | invalid value for 'statusCode': 'abc' (expected an integer)",
        "statusCode    | 700           | invalid value for 'statusCode': '700' (must be 200 to 599)",
        "retryAfter    | soon          | invalid value for 'retryAfter': 'soon' (expected a duration such as 30s, 5m or 300)",
        "routes        | path=/admin   | invalid value for 'routes': 'path=/admin' (each route starts with its id, e.g. 'admin path=/admin')",
        "routes        | a path=/a; a path=/b | invalid value for 'routes': 'a path=/b' (route id 'a' declared twice)",
        "routes        | a paht=/a     | invalid value for 'routes': 'a paht=/a' (unknown key 'paht' (expected path, domains, priority, exempt))",
        "allowedIps    | 10.0.0.300, 10.0.0.0/33, ::1 | invalid value for 'allowedIps': [10.0.0.300, 10.0.0.0/33] (expected IPv4 or IPv6 addresses or CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32)",
        "afterDrain    | stop          | invalid value for 'afterDrain': 'stop' (expected keep-rejecting or maintenance)",
        "drainPolicy   | random        | invalid value for 'drainPolicy': 'random' (expected standard or linear)",
        "proxyPassStatus | yes         | invalid value for 'proxyPassStatus': 'yes' (expected true or false)",
        "pageUrlDeny   | loopback,public | invalid value for 'pageUrlDeny': 'loopback,public' (expected a comma list of loopback, private)",
        "proxyCacheTtl | 2h            | invalid value for 'proxyCacheTtl': 'PT2H' (1ms to 1h)",
        "proxyMissWait | 10s           | invalid value for 'proxyMissWait': 'PT10S' (0 to the read timeout)",
        "proxyForwardMethodAndQuery | on | invalid value for 'proxyForwardMethodAndQuery': 'on' (expected true or false)",
        "maintenance   | nosuchroute   | route not found: nosuchroute",
        "jmx           | yes           | invalid value for 'jmx': 'yes' (expected true or false)",
        "retryAfterFormat | http-date  | invalid value for 'retryAfterFormat': 'http-date' (expected date or seconds)",
        "readOnlyAllow | POST login    | invalid value for 'readOnlyAllow': 'POST login' (expected 'METHOD /path' pairs, got 'POST login')",
        "exemptRobotsTxt | no          | invalid value for 'exemptRobotsTxt': 'no' (expected true or false)",
        // who may pass
        "bypassAuthenticated | yes     | invalid value for 'bypassAuthenticated': 'yes' (expected true or false)",
        "bypassRoles   | ops, *        | invalid value for 'bypassRoles': '*' (not a role; to let every signed-in user through use bypassAuthenticated)",
        "bypassRoles   | **            | invalid value for 'bypassRoles': '**' (not a role; to let every signed-in user through use bypassAuthenticated)",
        "bypassRoles   | ops team      | invalid value for 'bypassRoles': 'ops team' (a role name may not contain whitespace, control characters or ',')",
        // CORS and the status endpoint.
        "corsAllowedOrigins | \"*, http://127.0.0.1:5173\" | invalid value for 'corsAllowedOrigins': '*,http://127.0.0.1:5173' ('*' allows every origin and cannot be combined with listed origins)",
        "corsAllowedOrigins | http://127.0.0.1:5173/app | invalid value for 'corsAllowedOrigins': 'http://127.0.0.1:5173/app' (an origin has no path, query or fragment)",
        "corsAllowedOrigins | ftp://127.0.0.1 | invalid value for 'corsAllowedOrigins': 'ftp://127.0.0.1' (expected http://host[:port] or https://host[:port], or *)",
        "corsAllowedOrigins | http://user@127.0.0.1 | invalid value for 'corsAllowedOrigins': 'http://user@127.0.0.1' (needs a host and no user info)",
        "corsAllowCredentials | true   | invalid value for 'corsAllowCredentials': 'true' (needs corsAllowedOrigins)",
        "corsAllowCredentials | yes    | invalid value for 'corsAllowCredentials': 'yes' (expected true or false)",
        "statusPath    | maintenance-status | invalid value for 'statusPath': 'maintenance-status' (",
        "statusPath    | /             | invalid value for 'statusPath': '/' (must not be / (it would answer every request to the root))",
        "statusMaxAge  | 2h            | invalid value for 'statusMaxAge': 'PT2H' (0s to 1h in whole seconds)",
        "statusMaxAge  | 1500ms        | invalid value for 'statusMaxAge': 'PT1.5S' (0s to 1h in whole seconds)",
        "statusMaxAge  | soon          | invalid value for 'statusMaxAge': 'soon' (expected a duration such as 30s, 5m or 300)",
        "stuckAfter    | a day         | invalid value for 'stuckAfter': 'a day' (expected a duration such as 30s, 5m or 300)",
        "stuckAfter    | 30s           | invalid value for 'stuckAfter': 'PT30S' (must be 0 (off) or 1 minute to 366 days)",
        "maxDuration   | 400d          | invalid value for 'maxDuration': 'PT9600H' (must be 0 (off) or 1 minute to 366 days)",
        "clusterHeartbeat | soon       | invalid value for 'clusterHeartbeat': 'soon' (expected a duration such as 30s, 5m or 300)",
        "clusterHeartbeat | 500ms      | invalid value for 'clusterHeartbeat': 'PT0.5S' (must be 1 second to 10 minutes)",
        "templates     | brand         | invalid value for 'templates': 'brand' (expected name=path or name=classpath:resource)",
        "templates     | ../a=classpath:pages/blue.html | invalid value for 'templates': '../a=classpath:pages/blue.html' (a template name: letters, digits, '.', '_' and '-', at most 64 characters)",
        "templates     | a=classpath:pages/blue.html, a=classpath:pages/none.html | invalid value for 'templates': 'a=classpath:pages/none.html' (template 'a' given twice)",
        "templates     | a=classpath:pages/none.html | invalid value for 'templates': 'a=classpath:pages/none.html' (page template not found on the class path: pages/none.html)",
    })
    void aBadInitParameterStopsTheFilterFromStartingWithAPreciseMessage(String name, String value, String message) {
        Throwable thrown = catchThrowable(() -> server = startWith(params(name, value), new Apps.OkServlet(), null));

        assertThat(thrown).as("the server does not start").isNotNull();
        ServletException error = configError(thrown);
        assertThat(error.getMessage()).startsWith(PREFIX + message);
    }

    @Test
    void credentialsWithAWildcardOriginAndAStatusPathOnTheReadinessPathAreRefused() {
        Throwable wildcard = catchThrowable(() -> server = startWith(
                params("corsAllowedOrigins", "*", "corsAllowCredentials", "true"), new Apps.OkServlet(), null));
        Throwable clash = catchThrowable(() -> server = startWith(
                params("statusPath", "/ready/", "readinessPath", "/ready"), new Apps.OkServlet(), null));

        assertThat(configError(wildcard)).hasMessage(PREFIX + "invalid value for 'corsAllowCredentials': 'true' "
                + "(cannot be used with corsAllowedOrigins=* (browsers refuse credentials with a wildcard origin))");
        assertThat(configError(clash)).hasMessage(PREFIX
                + "invalid value for 'statusPath': '/ready/' (is also the readiness path)");
    }

    @Test
    void controllerSettingsBesideAControllerAttributeAreRefused() {
        Throwable thrown = catchThrowable(() -> server = startWith(
                params("controllerAttribute", "app.maintenance", "routes", "a path=/a", "retryAfter", "5m"),
                new Apps.OkServlet(), null));

        assertThat(configError(thrown)).hasMessage(PREFIX + "init-parameter(s) [routes, retryAfter] configure a "
                + "controller, but controllerAttribute names an existing one; configure that controller instead");
    }

    @Test
    void aControllerAttributeHoldingNoControllerIsRefused() {
        Throwable thrown = catchThrowable(() -> server = startWith(params("controllerAttribute", "missing"),
                new Apps.OkServlet(), null));

        assertThat(configError(thrown)).hasMessage(PREFIX + "servlet-context attribute 'missing' "
                + "(init-parameter controllerAttribute) holds no MaintenanceController");
    }

    @Test
    void initParametersGivenToAProgrammaticFilterAreRefused() {
        Throwable thrown = catchThrowable(() -> server = jetty.start(ctx -> {
            external = MaintenanceController.create(Apps.config(java.time.Clock.systemUTC()).build());
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter(external));
            holder.setInitParameter("statusCode", "500");
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        }));

        assertThat(configError(thrown)).hasMessage(PREFIX + "init-parameters [statusCode] given to a filter "
                + "constructed with a controller and settings; configure one way only");
    }

    /** Our ServletException, wherever Jetty wrapped or attached it. */
    private static ServletException configError(Throwable thrown) {
        return JettyServer.startupError(thrown, PREFIX);
    }
}
