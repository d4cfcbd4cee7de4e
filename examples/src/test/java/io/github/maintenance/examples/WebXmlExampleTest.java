package io.github.maintenance.examples;

import io.github.maintenance.servlet.MaintenanceFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.DrainPolicy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys {@code src/main/webapp} (its {@code WEB-INF/web.xml} configures the filter only through
 * init-parameters) in a Jetty 12 {@link WebAppContext} on a free port and checks each configured
 * behaviour over HTTP.
 */
class WebXmlExampleTest {

    private static final Path WEBAPP = Path.of(System.getProperty("basedir", ".")).resolve("src/main/webapp");

    private Server server;
    private ServerConnector connector;
    private WebAppContext webapp;

    @BeforeEach
    void deploy() throws Exception {
        assertThat(WEBAPP.resolve("WEB-INF/web.xml")).exists();
        server = new Server();
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(WEBAPP.toAbsolutePath().toString());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.setStopTimeout(0);
        server.start();
    }

    @AfterEach
    void undeploy() throws Exception {
        server.stop();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    private MaintenanceController controller() {
        return (MaintenanceController) webapp.getServletContext().getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE);
    }

    @Test
    void theFilterPublishesTheControllerItBuiltFromInitParameters() {
        MaintenanceController c = controller();

        assertThat(c).isNotNull();
        assertThat(c.routes()).extracting(Route::id).containsExactly("*", "shop", "api", "admin");
        assertThat(c.routes().get(2).exemptPaths()).containsExactly("/api/status");
        assertThat(c.config().retryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.config().drainRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.config().drainPolicy()).isSameAs(DrainPolicy.linear());
        assertThat(c.config().pageSettings().refresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.config().circuitBreaker().failureThreshold()).isEqualTo(3);
    }

    @Test
    void adminIsInMaintenanceFromStartWithTheConfiguredPageAndRetryAfter() {
        HttpResponse<String> r = Http.get(uri("/admin/orders"), "text/html");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(r.body()).contains("Example shop: back soon").contains("We are upgrading the example shop.");

        HttpResponse<String> text = Http.get(uri("/admin"));
        assertThat(text.body()).isEqualTo("Example shop: back soon\nWe are upgrading the example shop.\n");
    }

    @Test
    void theOtherRoutesReachTheServlet() {
        HttpResponse<String> shop = Http.get(uri("/shop/cart"));

        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.body()).isEqualTo("hello from /shop/cart\n");
        assertThat(Http.get(uri("/")).statusCode()).isEqualTo(200);
        assertThat(Http.get(uri("/api/orders")).statusCode()).isEqualTo(200);
    }

    @Test
    void exemptPathsAndReadinessStayReachableWhenEverythingIsInMaintenance() {
        controller().enter("ALL");

        assertThat(Http.get(uri("/shop")).statusCode()).isEqualTo(503);
        assertThat(Http.get(uri("/api/orders")).statusCode()).isEqualTo(503);
        assertThat(Http.get(uri("/health")).body()).isEqualTo("hello from /health\n");
        assertThat(Http.get(uri("/static/app.css")).statusCode()).isEqualTo(200);
        assertThat(Http.get(uri("/api/status")).statusCode()).as("exempt under the api route").isEqualTo(200);
        HttpResponse<String> ready = Http.get(uri("/ready"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"maintenance\"}");
    }

    @Test
    void exitingFromCodeRestoresAdmin() {
        assertThat(controller().exit("admin")).containsExactly("admin");

        HttpResponse<String> r = Http.get(uri("/admin"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello from /admin\n");
    }

    @Test
    void aDrainUsesTheConfiguredRetryAfterAndFailsReadiness() {
        controller().startDrain("ALL", Duration.ofMillis(50));
        Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10))
                .until(() -> controller().status("shop").drainProgress() >= 1.0);

        HttpResponse<String> r = Http.get(uri("/shop"), "application/json");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Drain-Mode")).hasValue("true");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(r.body()).contains("\"retry_after\":30");
        HttpResponse<String> ready = Http.get(uri("/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"draining\"}");
    }

    @Test
    void theCircuitBreakerOpensAfterTheConfiguredNumberOfFailures() {
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(uri("/api/orders?status=500")).statusCode()).isEqualTo(500);
        }

        HttpResponse<String> r = Http.get(uri("/api/orders"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Circuit-State")).hasValue("open");
        assertThat(r.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(controller().status("api").circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(Http.get(uri("/shop")).statusCode()).as("each route has its own breaker").isEqualTo(200);
    }

    @Test
    void aBadInitParameterStopsTheWebappFromStartingWithAMessageNamingIt(@TempDir Path copy) throws Exception {
        Path webXml = Files.createDirectories(copy.resolve("WEB-INF")).resolve("web.xml");
        Files.writeString(webXml, Files.readString(WEBAPP.resolve("WEB-INF/web.xml"))
                .replace("<param-value>2m</param-value>", "<param-value>soon</param-value>"));
        Server broken = new Server();
        ServerConnector c = new ServerConnector(broken, 1, 1);
        c.setHost("127.0.0.1");
        c.setPort(0);
        broken.addConnector(c);
        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setWar(copy.toAbsolutePath().toString());
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        broken.setHandler(context);
        try {
            assertThatThrownBy(broken::start)
                    .hasStackTraceContaining("Invalid maintenance filter configuration")
                    .hasStackTraceContaining("retryAfter")
                    .hasStackTraceContaining("soon");
        } finally {
            broken.stop();
        }
    }
}
