package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.MutableClock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who passes beyond addresses and secrets, over real HTTP: the application's rule, roles and
 * signed-in users checked after Jetty's own BASIC authentication, and the {@code Cache-Control}
 * of bypassed responses.
 */
@Timeout(60)
class BypassRulesIT {

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

    private void start(FilterSettings settings, HttpServlet app) throws Exception {
        start(settings, app, ctx -> { });
    }

    private void start(FilterSettings settings, HttpServlet app, Consumer<ServletContextHandler> before)
            throws Exception {
        controller = MaintenanceController.create(Apps.config(clock).build());
        server = jetty.start(JettyServerExtension.builder()
                .context(() -> new ServletContextHandler(ServletContextHandler.SECURITY))
                .customize(before)
                .customize(ctx -> {
                    JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
                    JettyServer.addServlet(ctx, app, "/*");
                }));
    }

    /** Jetty's BASIC authentication with a user store: alice (ops), bob (user). No page requires it. */
    private static void basicAuthentication(ServletContextHandler ctx) {
        UserStore users = new UserStore();
        users.addUser("alice", Credential.getCredential("alice-password"), new String[] {"ops"});
        users.addUser("bob", Credential.getCredential("bob-password"), new String[] {"user"});
        HashLoginService login = new HashLoginService("team");
        login.setUserStore(users);
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setLoginService(login);
        security.setAuthenticator(new BasicAuthenticator());
        ctx.setSecurityHandler(security);
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static final Predicate<HttpServletRequest> TEAM_HEADER = r -> "yes".equals(r.getHeader("X-Team"));

    @Test
    void theApplicationsRulePassesMaintenanceAndOthersStillSeeThePage() throws Exception {
        start(FilterSettings.custom().bypassWhen(TEAM_HEADER).build(), new Apps.OkServlet());
        controller.enter("ALL");

        HttpResponse<String> team = Http.get(server.uri("/orders"), "X-Team", "yes");
        HttpResponse<String> user = Http.get(server.uri("/orders"), "X-Team", "no");

        assertThat(team.statusCode()).isEqualTo(200);
        assertThat(team.body()).isEqualTo("app GET /orders");
        assertThat(user.statusCode()).isEqualTo(503);
        assertThat(header(user, "X-Maintenance-Mode")).isEqualTo("true");
    }

    @Test
    void theRulePassesADrainAReadOnlyWriteAndAHoldLikeAnAllowedAddress() throws Exception {
        start(FilterSettings.custom().bypassWhen(TEAM_HEADER).build(), new Apps.OkServlet());

        controller.enter("ALL", MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build());
        assertThat(Http.post(server.uri("/cart"), "x", "X-Team", "yes").statusCode()).as("read-only write")
                .isEqualTo(200);
        assertThat(Http.post(server.uri("/cart"), "x").statusCode()).isEqualTo(503);

        controller.enter("ALL", MaintenanceRequest.builder().mode(MaintenanceMode.HOLD).build());
        assertThat(Http.get(server.uri("/cart"), "X-Team", "yes").statusCode()).as("not held").isEqualTo(200);
        assertThat(controller.status("*").held()).isZero();

        controller.exit("ALL");
        controller.startDrain(Target.all(), Duration.ofSeconds(10), DrainPolicy.linear(), null, Cause.api());
        clock.advance(Duration.ofSeconds(20));
        assertThat(Http.get(server.uri("/x"), "X-Team", "yes").statusCode()).as("drain").isEqualTo(200);
        HttpResponse<String> rejected = Http.get(server.uri("/x"));
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(header(rejected, "X-Drain-Mode")).isEqualTo("true");
    }

    @Test
    void theRuleRunsOnlyForRequestsThatWouldBeBlocked() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(FilterSettings.custom().exemptPaths("/health").bypassWhen(r -> calls.incrementAndGet() < 0).build(),
                new Apps.OkServlet());

        Http.get(server.uri("/a"));
        controller.enter("ALL");
        Http.get(server.uri("/health"));
        assertThat(calls).as("serving and exempt requests do not ask").hasValue(0);

        Http.get(server.uri("/a"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRuleThatThrowsCountsAsNoAndIsLoggedOncePerExceptionClass() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(FilterSettings.custom().bypassWhen(r -> {
            calls.incrementAndGet();
            throw new IllegalStateException("session store down");
        }).build(), new Apps.OkServlet());
        controller.enter("ALL");

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Integer> statuses;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            statuses = List.of(Http.get(server.uri("/a")).statusCode(), Http.get(server.uri("/b")).statusCode(),
                    Http.get(server.uri("/c")).statusCode());
        } finally {
            System.setErr(original);
        }

        assertThat(statuses).as("the maintenance response, not an error").containsExactly(503, 503, 503);
        assertThat(calls).hasValue(3);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.split("Maintenance bypass rule failed", -1)).as(log).hasSize(2);
        assertThat(log).contains("session store down");
    }

    @Test
    void aRoleGivenByJettysBasicAuthenticationPasses() throws Exception {
        start(FilterSettings.custom().bypassRoles("ops", "release").build(), new Apps.OkServlet(),
                BypassRulesIT::basicAuthentication);
        controller.enter("ALL");

        assertThat(Http.get(server.uri("/a"), basic("alice", "alice-password")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/a"), basic("bob", "bob-password")).statusCode()).as("not in the role")
                .isEqualTo(503);
        assertThat(Http.get(server.uri("/a"), basic("alice", "wrong")).statusCode()).as("bad password")
                .isEqualTo(503);
        assertThat(Http.get(server.uri("/a")).statusCode()).as("anonymous").isEqualTo(503);
    }

    @Test
    void withBypassAuthenticatedEverySignedInUserPasses() throws Exception {
        start(FilterSettings.custom().bypassAuthenticated(true).build(), new Apps.OkServlet(),
                BypassRulesIT::basicAuthentication);
        controller.enter("ALL");

        assertThat(Http.get(server.uri("/a"), basic("bob", "bob-password")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/a"), basic("bob", "nope")).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/a")).statusCode()).isEqualTo(503);
    }

    @Test
    void withoutTheRoleRuleASignedInUserIsBlockedLikeAnyone() throws Exception {
        start(FilterSettings.ofDefaults(), new Apps.OkServlet(), BypassRulesIT::basicAuthentication);
        controller.enter("ALL");

        assertThat(Http.get(server.uri("/a"), basic("alice", "alice-password")).statusCode()).isEqualTo(503);
    }

    @Test
    void theRoleRuleComesFromInitParameters() throws Exception {
        server = jetty.start(JettyServerExtension.builder()
                .context(() -> new ServletContextHandler(ServletContextHandler.SECURITY))
                .customize(BypassRulesIT::basicAuthentication)
                .filter(new MaintenanceFilter())
                .initParam("maintenance", "ALL").initParam("bypassRoles", " release , ops ")
                .servlet(new Apps.OkServlet(), "/*"));

        assertThat(Http.get(server.uri("/a"), basic("alice", "alice-password")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/a"), basic("bob", "bob-password")).statusCode()).isEqualTo(503);

        server.close();
        server = jetty.start(JettyServerExtension.builder()
                .context(() -> new ServletContextHandler(ServletContextHandler.SECURITY))
                .customize(BypassRulesIT::basicAuthentication)
                .filter(new MaintenanceFilter())
                .initParam("maintenance", "ALL").initParam("bypassAuthenticated", "true")
                .servlet(new Apps.OkServlet(), "/*"));

        assertThat(Http.get(server.uri("/a"), basic("bob", "bob-password")).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/a")).statusCode()).isEqualTo(503);
    }

    /** Sets the caching headers the request asks for with {@code ?cc=} and {@code ?expires}, and reports what it saw. */
    static final class CachingApp extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String seen = String.valueOf(resp.getHeader("Cache-Control")) + "/" + resp.containsHeader("Cache-Control");
            String cc = req.getParameter("cc");
            if (cc != null) {
                if (req.getParameter("add") != null) {
                    resp.addHeader("cache-control", cc);
                } else {
                    resp.setHeader("Cache-Control", cc);
                }
            }
            if (req.getParameter("expires") != null) {
                resp.setDateHeader("Expires", 4_102_444_800_000L);
            }
            resp.setContentType("text/plain");
            resp.getWriter().write("saw " + seen);
        }
    }

    @Test
    void aBypassedResponseIsPrivateUnlessTheApplicationSaysHowToCacheIt() throws Exception {
        start(FilterSettings.custom().allowedIps("127.0.0.1").exemptPaths("/static").build(), new CachingApp());
        controller.enter("ALL");

        HttpResponse<String> nothing = Http.get(server.uri("/page"));
        assertThat(nothing.headers().allValues("Cache-Control")).containsExactly("private");
        assertThat(nothing.body()).as("the application does not see our default").isEqualTo("saw null/false");

        HttpResponse<String> own = Http.get(server.uri("/page?cc=public,%20max-age=60"));
        assertThat(own.headers().allValues("Cache-Control")).containsExactly("public, max-age=60");

        HttpResponse<String> added = Http.get(server.uri("/page?cc=no-cache&add=1"));
        assertThat(added.headers().allValues("Cache-Control")).containsExactly("no-cache");

        HttpResponse<String> expires = Http.get(server.uri("/page?expires=1"));
        assertThat(expires.headers().allValues("Cache-Control")).as("Expires is the application's choice").isEmpty();
        assertThat(header(expires, "Expires")).isEqualTo("Fri, 01 Jan 2100 00:00:00 GMT");

        HttpResponse<String> exempt = Http.get(server.uri("/static/app.css"));
        assertThat(exempt.statusCode()).isEqualTo(200);
        assertThat(exempt.headers().allValues("Cache-Control")).as("an exempt path is no bypass").isEmpty();
    }

    @Test
    void whileServingNothingIsAdded() throws Exception {
        start(FilterSettings.custom().allowedIps("127.0.0.1").build(), new CachingApp());

        HttpResponse<String> r = Http.get(server.uri("/page"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Cache-Control")).isEmpty();
    }

    @Test
    void everyKindOfBypassMakesTheResponsePrivate() throws Exception {
        String secret = "c0ffee-4b1d-42f0-9e8a-5a3c2d1e0f99";
        start(FilterSettings.custom().bypassSecret(secret).bypassWhen(TEAM_HEADER).bypassRoles("ops").build(),
                new CachingApp(), BypassRulesIT::basicAuthentication);
        controller.enter("ALL");
        String setCookie = header(Http.get(server.uri("/" + secret)), "Set-Cookie");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        for (String[] headers : List.of(new String[] {"Cookie", cookie},
                new String[] {io.github.maintenance.servlet.access.BypassCookie.HEADER, secret},
                new String[] {"X-Team", "yes"}, basic("alice", "alice-password"))) {
            HttpResponse<String> r = Http.get(server.uri("/page"), headers);
            assertThat(r.statusCode()).as(headers[0]).isEqualTo(200);
            assertThat(r.headers().allValues("Cache-Control")).as(headers[0]).containsExactly("private");
        }
    }
}
