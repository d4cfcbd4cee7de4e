package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.array;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.map;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.servlet.testing.RawHttp;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET …/api/dashboard/audit} over real HTTP: JSON and CSV, the query, the errors and the access. */
class DashboardAuditIT {

    private static final String AUDIT = "/api/dashboard/audit";

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

    /** Three changes a minute apart: the API enters api, the dashboard enters admin with a reason, the API exits api. */
    private Instant[] threeChanges() {
        Instant first = clock.instant();
        fx.controller.enter(Target.parse("api"), MaintenanceRequest.builder().message("Reindexing").build(),
                Cause.api("deploy-job"));
        clock.advance(Duration.ofMinutes(1));
        Instant second = clock.instant();
        assertThat(fx.action("{\"action\":\"enter\",\"target\":\"admin\",\"reason\":\"=HYPERLINK(\\\"x\\\"), db move\"}")
                .statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        Instant third = clock.instant();
        fx.controller.exit(Target.parse("api"), Cause.api("deploy-job"));
        return new Instant[] {first, second, third};
    }

    private static List<Object> entries(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return array(r);
    }

    @Test
    void theTrailIsListedNewestFirstAsJson() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        Instant[] at = threeChanges();

        HttpResponse<String> r = fx.getAuthorized(AUDIT);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        List<Object> list = entries(r);
        assertThat(list).hasSize(3);
        assertThat(list).extracting(e -> map(e).get("action")).containsExactly("exit", "enter", "enter");
        assertThat(list).extracting(e -> map(e).get("time"))
                .containsExactly(at[2].toString(), at[1].toString(), at[0].toString());

        Map<String, Object> dashboard = map(list.get(1));
        assertThat(dashboard.keySet()).containsExactly("time", "instance", "source", "actor", "reason", "action",
                "target", "routeIds", "before", "after", "detail", "version");
        assertThat(dashboard).containsEntry("instance", "it").containsEntry("source", "DASHBOARD")
                .containsEntry("actor", "127.0.0.1").containsEntry("reason", "=HYPERLINK(\"x\"), db move")
                .containsEntry("target", "admin").containsEntry("routeIds", List.of("admin"))
                .containsEntry("before", Map.of("admin", "serving"));
        assertThat(map(dashboard.get("after")).get("admin")).asString().startsWith("maintenance");
        assertThat(map(list.get(0))).containsEntry("source", "API").containsEntry("actor", "deploy-job")
                .containsEntry("target", "api");
        assertThat(((Number) map(list.get(0)).get("version")).longValue())
                .isGreaterThan(((Number) dashboard.get("version")).longValue());
    }

    @Test
    void limitAndSinceSelectTheNewestEntries() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        Instant[] at = threeChanges();

        assertThat(entries(fx.getAuthorized(AUDIT + "?limit=2"))).extracting(e -> map(e).get("time"))
                .containsExactly(at[2].toString(), at[1].toString());
        assertThat(entries(fx.getAuthorized(AUDIT + "?since=" + at[1]))).extracting(e -> map(e).get("time"))
                .containsExactly(at[2].toString(), at[1].toString());
        assertThat(entries(fx.getAuthorized(AUDIT + "?since=" + at[1].plusSeconds(1) + "&limit=1000")))
                .extracting(e -> map(e).get("action")).containsExactly("exit");
        assertThat(entries(fx.getAuthorized(AUDIT + "?since=" + at[2].plusSeconds(1)))).isEmpty();
        assertThat(entries(fx.getAuthorized(AUDIT + "?limit=1&format=json"))).hasSize(1);
    }

    @Test
    void theDefaultLimitIsAHundred() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        for (int i = 0; i < 51; i++) {
            fx.controller.enter("admin");
            fx.controller.exit("admin");
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(fx.controller.audit().size()).isEqualTo(102);

        assertThat(entries(fx.getAuthorized(AUDIT))).hasSize(100);
        assertThat(entries(fx.getAuthorized(AUDIT + "?limit=1000"))).hasSize(102);
    }

    @Test
    void csvIsAFormulaSafeAttachment() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        Instant[] at = threeChanges();

        HttpResponse<String> r = fx.getAuthorized(AUDIT + "?format=csv&limit=2");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"maintenance-audit.csv\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        String[] lines = r.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("time,instance,source,actor,reason,action,target,routes,before,after,detail,version");
        assertThat(lines[1]).startsWith(at[2] + ",it,API,deploy-job,,exit,api,api,");
        assertThat(lines[2]).startsWith(at[1] + ",it,DASHBOARD,127.0.0.1,\"'=HYPERLINK(\"\"x\"\"), db move\",enter,admin,admin,"
                + "admin=serving,");
    }

    @Test
    void badParametersAre400WithTheUsualError() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        threeChanges();

        Map<String, String> errors = Map.of(
                "?limit=0", "invalid value for 'limit': '0' (expected a whole number from 1 to 1000)",
                "?limit=1001", "invalid value for 'limit': '1001' (expected a whole number from 1 to 1000)",
                "?limit=ten", "invalid value for 'limit': 'ten' (expected a whole number from 1 to 1000)",
                "?limit=1&limit=2", "query parameter 'limit' given 2 times",
                "?since=yesterday", "invalid value for 'since': 'yesterday' (expected an ISO-8601 instant such as "
                        + "2027-01-10T03:00:00Z)",
                "?since=2027-01-10", "invalid value for 'since': '2027-01-10' (expected an ISO-8601 instant such as "
                        + "2027-01-10T03:00:00Z)",
                "?format=xml", "invalid value for 'format': 'xml' (expected json or csv)",
                "?format=CSV", "invalid value for 'format': 'CSV' (expected json or csv)",
                "?order=asc", "unknown query parameter(s) [order]; known are [format, limit, since]");
        errors.forEach((query, message) -> {
            HttpResponse<String> r = fx.getAuthorized(AUDIT + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(query).hasValue("application/json");
            assertThat(r.headers().firstValue("Content-Disposition")).as(query).isEmpty();
            assertThat(object(r)).as(query).isEqualTo(Map.of("error", message));
        });

        HttpResponse<String> post = fx.post(AUDIT, "", "Authorization", "Bearer " + TOKEN);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = Http.head(fx.dashboard(AUDIT), "Authorization", "Bearer " + TOKEN);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(fx.controller.audit().size()).as("reading changes nothing").isEqualTo(3);
    }

    @Test
    void changesMadeWithANamedTokenAreRecordedWithItsName() throws Exception {
        String alice = "alice-token-0123456789";
        start(DashboardFixture.tokenSettings().token("alice", alice).token("ci-bot", "ci-bot-token-0123456789").build());

        HttpResponse<String> enter = fx.post("/api/dashboard/actions", "{\"action\":\"enter\",\"target\":\"admin\","
                + "\"reason\":\"disk swap\"}", "Authorization", "Bearer " + alice, "Content-Type", "application/json");
        assertThat(enter.statusCode()).as(enter.body()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> exit = fx.post("/api/dashboard/actions", "{\"action\":\"exit\",\"target\":\"ALL\"}",
                "Authorization", "Bearer ci-bot-token-0123456789", "Content-Type", "application/json");
        assertThat(exit.statusCode()).as(exit.body()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(fx.action("{\"action\":\"enter\",\"target\":\"api\"}").statusCode()).isEqualTo(200);

        List<Object> list = entries(fx.get(AUDIT, "Authorization", "Bearer " + alice));
        assertThat(list).extracting(e -> map(e).get("actor")).containsExactly("127.0.0.1", "ci-bot", "alice");
        assertThat(list).extracting(e -> map(e).get("source")).containsOnly("DASHBOARD");
        assertThat(map(list.get(2))).containsEntry("reason", "disk swap").containsEntry("action", "enter");
        assertThat(fx.getAuthorized(AUDIT + "?format=csv").body()).contains(",DASHBOARD,alice,disk swap,enter,admin,")
                .doesNotContain(alice);
        assertThat(fx.controller.snapshot().state("api").maintenance().cause().actor()).isEqualTo("127.0.0.1");
    }

    @Test
    void readingTheTrailNeedsTheSameAccessAsTheOtherReads() throws Exception {
        start(DashboardFixture.tokenSettings().build());
        threeChanges();

        HttpResponse<String> none = fx.get(AUDIT);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"maintenance-dashboard\"");
        assertThat(object(none)).containsEntry("error", "a token is required: send 'Authorization: Bearer <token>'");
        HttpResponse<String> wrong = fx.get(AUDIT + "?format=csv", "Authorization", "Bearer " + TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("DASHBOARD").doesNotContain("deploy-job");
        assertThat(object(wrong)).containsEntry("error", "invalid token");
        assertThat(fx.get(AUDIT + "?format=csv", "Authorization", "Bearer " + TOKEN).body())
                .contains("deploy-job");
    }

    @Test
    void loopbackClientsMayReadTheTrailWhenAllowed() throws Exception {
        start(DashboardFixture.tokenSettings().allowLoopback(true).build());
        threeChanges();
        int port = fx.server.port();
        String path = DashboardFixture.PREFIX + AUDIT;

        RawHttp.Response loopback = RawHttp.get(port, path, "Host", "127.0.0.1:" + port);
        assertThat(loopback.status()).isEqualTo(200);
        assertThat(DashboardFixture.list(DashboardFixture.parse(loopback.body()))).hasSize(3);
        assertThat(RawHttp.get(port, path, "Host", "localhost:" + port, "X-Forwarded-For", "127.0.0.2").status())
                .as("through a local proxy").isEqualTo(401);
    }

    @Test
    void withoutAccessConfiguredTheTrailIsDenied() throws Exception {
        start(DashboardSettings.custom().build());
        fx.controller.enter(Target.parse("api"), MaintenanceRequest.builder().build(), Cause.api("deploy-job"));

        HttpResponse<String> r = fx.get(AUDIT, "Authorization", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("deploy-job");
    }
}
