package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may read and act, over real HTTP; and what every response carries. */
class DashboardAccessIT {

    private static final String ENTER = "{\"action\":\"enter\",\"target\":\"ALL\"}";

    private final MutableClock clock = MutableClock.atDefault();
    private DashboardFixture fx;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void start(DashboardSettings settings) throws Exception {
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock), settings);
    }

    private HttpResponse<String> act(String... headers) {
        String[] all = new String[headers.length + 2];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "application/json";
        return fx.post("/api/dashboard/actions", ENTER, all);
    }

    @Test
    void everythingIsDeniedByDefault() throws Exception {
        start(DashboardSettings.custom().build());

        for (String path : List.of("/api/dashboard/maintenance", "/api/dashboard/routes", "/api/dashboard/state",
                "/api/dashboard/schedules", "/api/dashboard/history", "/api/dashboard/events")) {
            HttpResponse<String> r = fx.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(object(r)).as(path).containsEntry("error", "dashboard access is not configured: set a token "
                    + "(init-parameter 'token') or allow loopback clients ('allowLoopback')");
        }
        HttpResponse<String> action = act();
        assertThat(action.statusCode()).isEqualTo(403);
        assertThat(object(action)).containsEntry("error", "actions need a token, and none is configured");
        assertThat(act("Authorization", "Bearer anything").statusCode()).isEqualTo(403);
        assertThat(fx.controller.totals().inMaintenance()).isZero();
    }

    @Test
    void aTokenAllowsReadingAndActingAndAMissingOrWrongOneGets401() throws Exception {
        start(DashboardFixture.tokenSettings().token("second-token-for-rotation").build());

        HttpResponse<String> none = fx.get("/api/dashboard/routes");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"maintenance-dashboard\"");
        assertThat(object(none)).containsEntry("error", "a token is required: send 'Authorization: Bearer <token>'");

        HttpResponse<String> wrong = fx.get("/api/dashboard/routes", "Authorization", "Bearer " + TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"maintenance-dashboard\", error=\"invalid_token\"");
        assertThat(object(wrong)).containsEntry("error", "invalid token");

        HttpResponse<String> basic = fx.get("/api/dashboard/routes", "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(object(basic)).containsEntry("error", "malformed Authorization header: expected 'Bearer <token>'");

        assertThat(fx.get("/api/dashboard/routes", "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(fx.get("/api/dashboard/routes", "Authorization", "Bearer second-token-for-rotation").statusCode())
                .isEqualTo(200);

        assertThat(act().statusCode()).isEqualTo(401);
        assertThat(act("Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(fx.controller.totals().inMaintenance()).isZero();
        assertThat(act("Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(fx.controller.totals().inMaintenance()).isEqualTo(3);
    }

    @Test
    void loopbackClientsMayReadWithoutATokenButNeverAct() throws Exception {
        start(DashboardFixture.tokenSettings().allowLoopback(true).build());
        int port = fx.server.port();

        RawHttp.Response plain = RawHttp.get(port, "/maintenance-admin/api/dashboard/state", "Host", "127.0.0.1:" + port);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(object(plain.body())).containsEntry("access", "loopback").containsEntry("actions_enabled", true);
        assertThat(RawHttp.get(port, "/maintenance-admin/api/dashboard/routes", "Host", "localhost:" + port).status())
                .isEqualTo(200);
        assertThat(RawHttp.get(port, "/maintenance-admin/api/dashboard/routes", "Host", "[::1]:" + port).status())
                .isEqualTo(200);

        HttpResponse<String> action = act();
        assertThat(action.statusCode()).isEqualTo(401);
        assertThat(fx.controller.totals().inMaintenance()).isZero();
        assertThat(fx.get("/api/dashboard/routes", "Authorization", "Bearer wrong").statusCode())
                .as("a wrong token is refused even from loopback").isEqualTo(401);
    }

    @Test
    void loopbackAccessNeedsALoopbackHostAndNoForwardingHeaders() throws Exception {
        start(DashboardFixture.tokenSettings().allowLoopback(true).build());
        int port = fx.server.port();
        String path = "/maintenance-admin/api/dashboard/routes";

        assertThat(RawHttp.get(port, path, "Host", "rebound.example.com:" + port).status())
                .as("DNS rebinding").isEqualTo(401);
        assertThat(RawHttp.get(port, path, "Host", "127.0.0.1:" + port, "X-Forwarded-For", "203.0.113.9").status())
                .as("through a local proxy").isEqualTo(401);
        assertThat(RawHttp.get(port, path, "Host", "127.0.0.1:" + port, "Forwarded", "for=203.0.113.9").status())
                .isEqualTo(401);
        assertThat(RawHttp.get(port, path, "Host", "127.0.0.1:" + port, "X-Real-IP", "203.0.113.9").status())
                .isEqualTo(401);
        assertThat(RawHttp.get(port, path, "Host", "127.0.0.1:" + port, "Authorization", "Bearer " + TOKEN).status())
                .isEqualTo(200);
    }

    @Test
    void loopbackOnlyWithoutATokenIsReadOnly() throws Exception {
        start(DashboardSettings.custom().allowLoopback(true).build());
        int port = fx.server.port();

        RawHttp.Response state = RawHttp.get(port, "/maintenance-admin/api/dashboard/state", "Host", "127.0.0.1:" + port);
        assertThat(state.status()).isEqualTo(200);
        assertThat(object(state.body())).containsEntry("actions_enabled", false).containsEntry("access", "loopback");

        RawHttp.Response proxied = RawHttp.get(port, "/maintenance-admin/api/dashboard/state", "Host", "127.0.0.1:" + port,
                "X-Forwarded-For", "203.0.113.9");
        assertThat(proxied.status()).isEqualTo(403);
        assertThat(object(proxied.body())).containsEntry("error",
                "this dashboard answers loopback clients only (no token is configured)");

        HttpResponse<String> action = act();
        assertThat(action.statusCode()).isEqualTo(403);
        assertThat(object(action)).containsEntry("error", "actions need a token, and none is configured");
        assertThat(fx.controller.totals().inMaintenance()).isZero();
    }

    @Test
    void scheduleAndUnscheduleNeedTheTokenWhileLoopbackClientsMayReadTheWindows() throws Exception {
        start(DashboardFixture.tokenSettings().allowLoopback(true).build());
        int port = fx.server.port();
        String schedule = "{\"action\":\"schedule\",\"target\":\"admin\",\"start\":\"2026-01-01T02:00:00Z\","
                + "\"end\":\"2026-01-01T03:00:00Z\"}";

        for (String[] auth : new String[][] {{}, {"Authorization", "Bearer wrong"}, {"Authorization", "Basic eDp5"}}) {
            HttpResponse<String> r = fx.post("/api/dashboard/actions", schedule, with(auth, "Content-Type",
                    "application/json"));
            assertThat(r.statusCode()).as(List.of(auth).toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(fx.controller.schedules()).isEmpty();

        HttpResponse<String> created = fx.action(schedule);
        assertThat(created.statusCode()).isEqualTo(200);
        String id = fx.controller.schedules().get(0).id();

        RawHttp.Response read = RawHttp.get(port, "/maintenance-admin/api/dashboard/schedules", "Host", "127.0.0.1:" + port);
        assertThat(read.status()).isEqualTo(200);
        assertThat(DashboardFixture.map(DashboardFixture.list(DashboardFixture.parse(read.body())).get(0)))
                .containsEntry("id", id).containsEntry("target", "admin");
        assertThat(RawHttp.get(port, "/maintenance-admin/api/dashboard/schedules", "Host", "127.0.0.1:" + port,
                "X-Forwarded-For", "203.0.113.9").status()).as("not through a proxy").isEqualTo(401);

        String unschedule = "{\"action\":\"unschedule\",\"id\":\"" + id + "\"}";
        HttpResponse<String> anonymous = fx.post("/api/dashboard/actions", unschedule, "Content-Type", "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(object(anonymous)).containsEntry("error", "a token is required: send 'Authorization: Bearer <token>'");
        assertThat(fx.controller.schedules()).extracting(w -> w.id()).containsExactly(id);
        assertThat(fx.action(unschedule).statusCode()).isEqualTo(200);
        assertThat(fx.controller.schedules()).isEmpty();
    }

    @Test
    void withoutAConfiguredTokenNobodyCanSchedule() throws Exception {
        start(DashboardSettings.custom().allowLoopback(true).build());
        HttpResponse<String> r = fx.post("/api/dashboard/actions", "{\"action\":\"schedule\",\"target\":\"ALL\","
                + "\"start\":\"2026-01-01T02:00:00Z\",\"end\":\"2026-01-01T03:00:00Z\"}",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(object(r)).containsEntry("error", "actions need a token, and none is configured");
        assertThat(fx.controller.schedules()).isEmpty();
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    @Test
    void repeatedWrongTokensFromOneAddressGet429ForAShareOfASlidingMinute() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        // Two seconds before a full minute: the count must not reset when the minute turns.
        clock.set(java.time.Instant.parse("2026-01-01T00:00:58Z"));
        for (int i = 0; i < DashboardSettings.MAX_FAILURES_PER_MINUTE; i++) {
            assertThat(fx.get("/api/dashboard/routes", "Authorization", "Bearer guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> blocked = fx.getAuthorized("/api/dashboard/routes");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(object(blocked)).containsEntry("error", "too many invalid tokens from this address; retry later");
        assertThat(act("Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofMillis(2_500));
        assertThat(fx.getAuthorized("/api/dashboard/routes").statusCode()).as("after the minute turned").isEqualTo(429);
        clock.advance(Duration.ofMillis(500));
        assertThat(fx.getAuthorized("/api/dashboard/routes").statusCode()).isEqualTo(200);
        assertThat(fx.get("/api/dashboard/routes", "Authorization", "Bearer again").statusCode()).isEqualTo(401);
        assertThat(fx.getAuthorized("/api/dashboard/routes").statusCode()).isEqualTo(429);
    }

    @Test
    void anAttackerBehindATrustedProxyDoesNotLockOutAnotherClientBehindIt() throws Exception {
        // The test client (127.0.0.1) plays the proxy; the clients are the addresses it forwards.
        start(DashboardFixture.tokenSettings().trustedProxies("127.0.0.1").build());
        for (int i = 0; i < DashboardSettings.MAX_FAILURES_PER_MINUTE; i++) {
            assertThat(fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0.66",
                    "Authorization", "Bearer guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> attacker = fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0.66",
                "Authorization", "Bearer guess-x");
        assertThat(attacker.statusCode()).isEqualTo(429);
        assertThat(attacker.headers().firstValue("Retry-After")).hasValue("3");
        // A Forwarded header of its own does not get the attacker out: only X-Forwarded-For is read.
        assertThat(fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0.66", "Forwarded", "for=127.0.0.67",
                "Authorization", "Bearer guess-y").statusCode()).isEqualTo(429);

        HttpResponse<String> operator = fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0.7",
                "Authorization", "Bearer " + TOKEN);
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0.7", "Authorization", "Bearer typo")
                .statusCode()).isEqualTo(401);
        assertThat(act("X-Forwarded-For", "127.0.0.7", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutTrustedProxiesAForwardedAddressDoesNotEscapeTheCount() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        for (int i = 0; i < DashboardSettings.MAX_FAILURES_PER_MINUTE; i++) {
            fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0." + (i + 2), "Authorization", "Bearer g" + i);
        }
        assertThat(fx.get("/api/dashboard/routes", "X-Forwarded-For", "127.0.0.99", "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(429);
    }

    @Test
    void everyResponseIsNotCachedAndSetsNoCookie() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        fx.controller.enter("admin");
        List<HttpResponse<String>> responses = List.of(fx.get("/"), fx.get(""), fx.get("/api/dashboard/routes"),
                fx.getAuthorized("/api/dashboard/routes"), fx.getAuthorized("/api/dashboard/maintenance"),
                fx.getAuthorized("/api/dashboard/state"), fx.getAuthorized("/api/dashboard/history"),
                fx.getAuthorized("/api/dashboard/schedules"),
                fx.getAuthorized("/api/dashboard/nothing"), fx.getAuthorized("/api/dashboard/actions"),
                fx.action("{\"action\":\"exit\",\"target\":\"admin\"}"), fx.action("{}"));
        for (HttpResponse<String> r : responses) {
            assertThat(r.headers().firstValue("Cache-Control")).as(r.uri() + " " + r.statusCode()).hasValue("no-store");
            assertThat(r.headers().allValues("Set-Cookie")).as(r.uri().toString()).isEmpty();
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void thePageIsSelfContainedAndItsPolicyAllowsOnlyItsOwnInlineCode() throws Exception {
        start(DashboardFixture.tokenSettings().title("Ops <b>& co</b>").build());

        HttpResponse<String> r = fx.get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        String html = r.body();
        assertThat(html).contains("<title>Ops &lt;b&gt;&amp; co&lt;/b&gt;</title>")
                .doesNotContain("<link").doesNotContain("@import").doesNotContain("url(")
                .doesNotContainPattern(" (src|href)=").doesNotContain("<iframe").doesNotContain("<form");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).startsWith("default-src 'none'; ").contains("connect-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(csp).contains("script-src 'sha256-" + sha256(between(html, "<script>", "</script>")) + "'");
        assertThat(csp).contains("style-src 'sha256-" + sha256(between(html, "<style>", "</style>")) + "'");
        assertThat(html).doesNotContain(TOKEN);
    }

    @Test
    void thePrefixWithoutASlashRedirectsToThePage() throws Exception {
        start(DashboardFixture.tokenSettings().build());

        HttpResponse<String> r = fx.get("");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/maintenance-admin/");
    }

    private static String between(String s, String open, String close) {
        Matcher m = Pattern.compile(Pattern.quote(open) + "(.*?)" + Pattern.quote(close), Pattern.DOTALL).matcher(s);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String sha256(String s) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
