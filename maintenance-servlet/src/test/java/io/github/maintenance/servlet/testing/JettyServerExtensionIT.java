package io.github.maintenance.servlet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.http.HttpResponse;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension itself: what the builder sets up, and which server stops when. The tests run in
 * order: later ones look at the servers earlier ones saw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JettyServerExtensionIT {

    @RegisterExtension
    static final JettyServerExtension SHARED = JettyServerExtension.builder()
            .servlet(Greeting::new, "/*").initParam("greeting", "shared")
            .stopAfterAll()
            .build();

    @RegisterExtension
    final JettyServerExtension perTest = JettyServerExtension.builder()
            .contextPath("/app")
            .filter(Stamp::new).initParam("stamp", "filtered")
            .servlet(Greeting::new, "/*").initParam("greeting", "hello")
            .attribute("owner", () -> "test " + this.hashCode())
            .build();

    @RegisterExtension
    final JettyServerExtension onDemand = JettyServerExtension.onDemand();

    private static JettyServer sharedInFirstTest;
    private static JettyServer perTestInFirstTest;
    private static JettyServer onDemandInFirstTest;

    @Test
    @Order(1)
    void theBuilderSetsUpFiltersServletsInitParametersAndAttributesOnAFreeLoopbackPort() throws Exception {
        HttpResponse<String> r = Http.get(perTest.uri("/app/x"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello /app/x");
        assertThat(Http.header(r, "X-Stamp")).isEqualTo("filtered");
        assertThat(perTest.port()).isPositive().isNotEqualTo(SHARED.port());
        assertThat(perTest.baseUri()).hasToString("http://127.0.0.1:" + perTest.port() + "/app/");
        assertThat(perTest.context().getAttribute("owner")).isEqualTo("test " + this.hashCode());
        assertThat(Http.get(SHARED.uri("/y")).body()).isEqualTo("shared /y");

        sharedInFirstTest = SHARED.server();
        perTestInFirstTest = perTest.server();
        onDemandInFirstTest = onDemand.start(JettyServerExtension.builder().servlet(new Greeting(), "/*"));
        assertThat(onDemand.server()).isSameAs(onDemandInFirstTest);
        assertThat(Http.get(onDemandInFirstTest.uri("/z")).body()).isEqualTo("null /z");
    }

    @Test
    @Order(2)
    void serversOfATestStopAfterItAndTheSharedOneServesOn() {
        assertThat(perTestInFirstTest.isRunning()).as("the previous test's server").isFalse();
        assertThat(onDemandInFirstTest.isRunning()).as("the previous test's on-demand server").isFalse();
        assertThat(perTest.server()).isNotSameAs(perTestInFirstTest);
        assertThat(perTest.server().isRunning()).isTrue();
        assertThat(SHARED.server()).isSameAs(sharedInFirstTest);
        assertThat(SHARED.server().isRunning()).isTrue();
        assertThatThrownBy(onDemand::port).isInstanceOf(IllegalStateException.class)
                .hasMessage("no Jetty server is running: start one with start(…)");
    }

    @Test
    @Order(3)
    void aServerClosedByTheTestIsNotStoppedAgainAndTheOthersStillAre() throws Exception {
        JettyServer own = onDemand.start(ctx -> JettyServer.addServlet(ctx, new Greeting(), "/*"));
        own.close();
        own.close();

        assertThat(own.isRunning()).isFalse();
        assertThat(onDemand.server()).as("still the last one started").isSameAs(own);
    }

    @Test
    @Order(4)
    void aServerThatCannotStartIsStoppedAndReportsTheFiltersError() {
        Throwable thrown = catchThrowable(() -> onDemand.start(JettyServerExtension.builder()
                .filter(Stamp::new).servlet(new Greeting(), "/*")));

        assertThat(JettyServer.startupError(thrown, "stamp")).hasMessage("stamp: the init-parameter is required");
        assertThatThrownBy(onDemand::server).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Order(5)
    void theBuilderTakesAThreadPoolAndHostsOtherThanTheDefault() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        JettyServer server = onDemand.start(JettyServerExtension.builder().host("::1").threadPool(() -> pool)
                .servlet(new Greeting(), "/*"));

        assertThat(server.uri("/v6")).hasToString("http://[::1]:" + server.port() + "/v6");
        assertThat(Http.get(server.uri("/v6")).body()).isEqualTo("null /v6");
        assertThat(pool.isRunning()).as("the server runs on the given pool").isTrue();
    }

    @Test
    @Order(6)
    void misuseIsReportedClearly() {
        assertThatThrownBy(() -> JettyServerExtension.builder().initParam("a", "b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("initParam(a, …) needs a filter or servlet added before it");
        JettyServerExtension instanceField = JettyServerExtension.builder().servlet(new Greeting(), "/*")
                .stopAfterAll().build();
        assertThatThrownBy(() -> instanceField.beforeEach(null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("JettyServerExtension with stopAfterAll() must be registered on a static field");
    }

    /** Answers {@code <greeting init-parameter> <request URI>}. */
    static final class Greeting extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(getInitParameter("greeting") + " " + req.getRequestURI());
        }
    }

    /** Sets {@code X-Stamp} to its {@code stamp} init-parameter, which it requires. */
    static final class Stamp implements Filter {
        private String stamp;

        @Override
        public void init(FilterConfig config) throws ServletException {
            stamp = config.getInitParameter("stamp");
            if (stamp == null) {
                throw new ServletException("stamp: the init-parameter is required");
            }
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            ((HttpServletResponse) res).setHeader("X-Stamp", stamp);
            chain.doFilter(req, res);
        }
    }
}
