package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.PageServer;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;
import io.github.maintenance.stats.RouteStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MAINT_ENTER / MAINT_ENTER_EX / MAINT_EXIT / MAINT_STATUS, their targets and the asynchronous verification. */
class MaintenanceProtocolTest {

    private RegistryFixture f;
    private Wire w;
    private String sid;
    private PageServer page;

    private void start(UnaryOperator<RegistryConfig.Builder> registry) {
        f = RegistryFixture.start(MaintenanceConfig.custom()
                .route(Route.builder("site").path("/").build())
                .route(Route.builder("admin").path("/admin").backend("http://127.0.0.1:1/").build()), registry);
        w = f.connect();
        sid = w.register("deploy", "ci-1");
    }

    private void start() {
        start(b -> b.enterVerificationTimeout(Duration.ofSeconds(3)).verificationRetryInterval(Duration.ofMillis(100)));
    }

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
        f.close();
    }

    private String apply(String path) {
        String id = w.call("ROUTE_ADD|" + sid + "|*|" + path + "|http://127.0.0.1:1|0").substring("ROUTE_OK|".length());
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        return id;
    }

    private RouteStatus status(String id) {
        return f.controller.status(id);
    }

    @Test
    void enterAllWithTheBuiltInPageAnswersAckThenMaintOkAndCoversRoutesAddedLater() {
        start();
        String before = apply("/api");

        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|ALL");

        assertThat(f.controller.statuses()).allSatisfy(s -> assertThat(s.inMaintenance()).isTrue());
        assertThat(status(before).maintenancePageUrl()).isNull();
        String after = apply("/later");
        assertThat(status(after).inMaintenance()).as("a route applied later starts in maintenance").isTrue();

        assertThat(w.call("MAINT_EXIT|" + sid + "|ALL")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|ALL");
        assertThat(f.controller.statuses()).noneSatisfy(s -> assertThat(s.inMaintenance()).isTrue());
    }

    @Test
    void targetsAreIdsPathsAndDomainsMixedAndEchoedExactlyAsReceived() {
        start();
        String api = apply("/api");

        assertThat(w.call("MAINT_ENTER|" + sid + "| " + api + " ,admin,/reports,shop.example.com|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK| " + api + " ,admin,/reports,shop.example.com");

        assertThat(status(api).inMaintenance()).isTrue();
        assertThat(status("admin").inMaintenance()).isTrue();
        assertThat(status("path:/reports").inMaintenance()).as("ad-hoc route for a path").isTrue();
        assertThat(status("domain:shop.example.com").inMaintenance()).as("ad-hoc route for a domain").isTrue();
        assertThat(status("site").inMaintenance()).isFalse();
    }

    @Test
    void anUnknownOrOnlyStagedIdIsAnErrorInsteadOfAckAndNothingChanges() {
        start();
        String staged = w.call("ROUTE_ADD|" + sid + "|*|/x|http://a:1|0").substring("ROUTE_OK|".length());

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin,r99|")).isEqualTo("ERROR|route not found: r99");
        assertThat(w.call("MAINT_ENTER|" + sid + "|" + staged + "|")).isEqualTo("ERROR|route not found: " + staged);
        assertThat(w.call("MAINT_EXIT|" + sid + "|nope")).isEqualTo("ERROR|route not found: nope");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL,admin|")).startsWith("ERROR|invalid target 'ALL,admin'");
        assertThat(w.call("MAINT_ENTER|" + sid + "||")).isEqualTo("ERROR|invalid target '': target cannot be empty");

        assertThat(f.controller.statuses()).noneSatisfy(s -> assertThat(s.inMaintenance()).isTrue());
        assertThat(w.call("PING")).as("no stray line").isEqualTo("PONG");
    }

    @Test
    void aPageUrlTheOutboundPolicyRefusesIsAnErrorInsteadOfAck() {
        start(b -> b.urlPolicy(UrlPolicy.custom().denyLoopback().allowHosts(Set.of("status.example.com", "*.localhost"))
                .build()));

        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|ftp://status.example.com/")).isEqualTo("ERROR|invalid maintenance page url");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|http://evil.example.net/")).isEqualTo("ERROR|invalid maintenance page url");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|http://[::ffff:127.0.0.1]/latest")).isEqualTo("ERROR|invalid maintenance page url");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|http://pages.localhost/latest")).isEqualTo("ERROR|invalid maintenance page url");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|not a url")).isEqualTo("ERROR|invalid maintenance page url");
        assertThat(f.controller.statuses()).noneSatisfy(s -> assertThat(s.inMaintenance()).isTrue());
    }

    @Test
    void aReachablePageGivesMaintOkAfterAck() throws Exception {
        start();
        page = PageServer.start();
        String url = page.uri("/maintenance.html?a=1%7C2").toString();

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|" + url)).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");

        assertThat(status("admin").maintenancePageUrl()).isEqualTo(url);
        assertThat(page.requests.get()).isEqualTo(1);
    }

    @Test
    void thePageUrlIsTheRestOfTheLineSoARawPipeIsRefusedRatherThanCutOff() throws Exception {
        start();
        page = PageServer.start();

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|" + page.uri("/ok") + "|/evil")).isEqualTo("ERROR|invalid maintenance page url");
        assertThat(status("admin").inMaintenance()).isFalse();
        assertThat(page.requests.get()).isZero();
    }

    @Test
    void aPageThatComesUpLateIsVerifiedWithinTheBudget() throws Exception {
        start(b -> b.enterVerificationTimeout(Duration.ofSeconds(25)).verificationRetryInterval(Duration.ofMillis(100)));
        int port = PageServer.freePort();

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|http://127.0.0.1:" + port + "/down.html")).isEqualTo("ACK");
        assertThat(status("admin").inMaintenance()).as("in force before the page answers").isTrue();
        await().until(() -> f.registry.attemptsCompleted() >= 2);
        page = PageServer.start(port);

        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(f.registry.stats().pendingVerifications()).isZero();
    }

    @Test
    void aPageAnswering5xxIsRetriedUntilItAnswersBelow500AndA4xxCountsAsReachable() throws Exception {
        start();
        page = PageServer.start();
        page.statuses.add(503);
        page.statuses.add(500);
        page.statuses.add(404);

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|" + page.uri("/p"))).isEqualTo("ACK");

        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(page.requests.get()).isEqualTo(3);
    }

    @Test
    void aPageThatNeverComesUpEndsWithTheTimeoutErrorAndMaintenanceStaysOn() throws Exception {
        // A budget longer than the wire's read time-out: only the registry's clock can end it in time.
        start(b -> b.enterVerificationTimeout(Duration.ofSeconds(25)).verificationRetryInterval(Duration.ofMillis(10)));
        int port = PageServer.freePort();

        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|http://127.0.0.1:" + port + "/")).isEqualTo("ACK");
        await().until(() -> f.registry.attemptsCompleted() >= 2);
        f.clock.advance(Duration.ofSeconds(25));

        assertThat(w.read()).isEqualTo("ERROR|timeout waiting for maintenance page to become reachable");
        assertThat(f.registry.stats().verificationAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(status("*").inMaintenance()).isTrue();
        assertThat(status("*").maintenancePageUrl()).isEqualTo("http://127.0.0.1:" + port + "/");
        assertThat(w.call("PING")).isEqualTo("PONG");
    }

    @Test
    void aNewCommandCancelsThePendingVerificationWhichThenWritesNothing() throws Exception {
        start();
        page = PageServer.start();
        page.holdRequests();

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|" + page.uri("/slow"))).isEqualTo("ACK");
        assertThat(page.awaitFirstRequest()).isTrue();
        assertThat(w.call("MAINT_EXIT|" + sid + "|admin")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        page.release();
        await().until(() -> f.registry.attemptsCompleted() >= 1);

        assertThat(w.call("PING")).as("no stale MAINT_OK").isEqualTo("PONG");
        assertThat(status("admin").inMaintenance()).isFalse();
    }

    @Test
    void redirectsAreFollowedOnlyToAllowedHosts() throws Exception {
        page = PageServer.start();
        start(b -> b.urlPolicy(UrlPolicy.allowHosts(Set.of("127.0.0.1")))
                .verificationRetryInterval(Duration.ofMillis(100)));
        String away = "http://localhost:" + page.port() + "/target";

        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|" + page.uri("/redirect?to=" + away))).isEqualTo("ACK");
        assertThat(w.read()).as("the redirect itself is the answer").isEqualTo("MAINT_OK|admin");
        assertThat(page.targetRequests.get()).isZero();

        String allowed = page.uri("/target").toString();
        assertThat(w.call("MAINT_ENTER|" + sid + "|admin|" + page.uri("/redirect?to=" + allowed))).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(page.targetRequests.get()).isEqualTo(1);
    }

    @Test
    void exitAnswersMaintOkAtOnceByDefault() {
        start();
        f.controller.enter("admin");

        assertThat(w.call("MAINT_EXIT|" + sid + "|admin")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");
        assertThat(w.call("MAINT_EXIT|" + sid + "|/nothing-here")).as("a path selecting nothing").isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|/nothing-here");
    }

    @Test
    void exitCanWaitForTheRoutesBackendAndTimesOutWhenItStaysDown() throws Exception {
        page = PageServer.start();
        start(b -> b.verifyBackendOnExit(true).exitVerificationTimeout(Duration.ofSeconds(8))
                .verificationRetryInterval(Duration.ofMillis(10)));
        String id = w.call("ROUTE_ADD|" + sid + "|*|/api|" + page.uri("/up") + "|0").substring("ROUTE_OK|".length());
        w.call("CONFIG_APPLY|" + sid);
        f.controller.enter("ALL");

        assertThat(w.call("MAINT_EXIT|" + sid + "|" + id)).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|" + id);
        assertThat(page.requests.get()).isEqualTo(1);

        long before = f.registry.attemptsCompleted();
        assertThat(w.call("MAINT_EXIT|" + sid + "|admin")).as("its backend never answers").isEqualTo("ACK");
        await().until(() -> f.registry.attemptsCompleted() > before);
        f.clock.advance(Duration.ofSeconds(8));
        assertThat(w.read()).isEqualTo("ERROR|timeout waiting for backend to become reachable");
        assertThat(status("admin").inMaintenance()).as("exit took effect anyway").isFalse();

        assertThat(w.call("MAINT_EXIT|" + sid + "|ALL")).as("ALL verifies the session's lowest route").isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|ALL");
        assertThat(page.requests.get()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusListsEveryRouteInMaintenanceSortedWithDetails() throws Exception {
        start();
        assertThat(w.call("MAINT_STATUS|" + sid)).startsWith("MAINT_STATUS_OK|{\"in_maintenance\":[],");
        f.clock.advance(Duration.ofSeconds(5));
        f.controller.enter("site,admin");

        Map<String, Object> m = (Map<String, Object>) WireJson.parse(w.call("MAINT_STATUS|" + sid).substring(16));

        assertThat(m.get("in_maintenance")).isEqualTo(List.of("admin", "site"));
        List<Map<String, Object>> routes = (List<Map<String, Object>>) m.get("routes");
        assertThat(routes.get(0)).containsEntry("route_id", "admin").containsEntry("since", "2026-01-01T00:00:05Z")
                .containsEntry("page_url", "");
    }

    @Test
    @SuppressWarnings("unchecked")
    void routesListsEveryRouteOfTheControllerWhoeverDeclaredIt() throws Exception {
        start();
        String own = apply("/shop");
        f.controller.enter("admin");
        f.controller.enter("/reports");

        List<Object> routes = WireJson.parseArray(
                w.call("MAINT_ROUTES|" + sid).substring("MAINT_ROUTES_OK|".length()));

        assertThat(routes).extracting(r -> ((Map<String, Object>) r).get("route_id"))
                .containsExactlyInAnyOrder("*", "site", "admin", own, "path:/reports");
        Map<String, Object> admin = (Map<String, Object>) routes.stream()
                .filter(r -> "admin".equals(((Map<String, Object>) r).get("route_id"))).findFirst().orElseThrow();
        assertThat(admin).containsEntry("path", "/admin").containsEntry("domains", List.of())
                .containsEntry("in_maintenance", true).containsEntry("draining", false).doesNotContainKey("owner");
        Map<String, Object> session = (Map<String, Object>) routes.stream()
                .filter(r -> own.equals(((Map<String, Object>) r).get("route_id"))).findFirst().orElseThrow();
        assertThat(session).containsEntry("path", "/shop").containsEntry("in_maintenance", false)
                .containsEntry("owner", "registry:deploy/ci-1");
        assertThat(w.call("ROUTE_LIST|" + sid)).as("ROUTE_LIST stays the session's own").doesNotContain("admin");
    }

    @Test
    void enterExCarriesMessageEndAndRetryAfter() {
        start();

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"message\":\"Back at 14:00 | UTC\","
                + "\"until\":\"2026-01-01T14:00:00Z\",\"retry_after\":120}")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|admin");

        RouteStatus s = status("admin");
        assertThat(s.maintenanceMessage()).isEqualTo("Back at 14:00 | UTC");
        assertThat(s.maintenanceUntil()).isEqualTo(Instant.parse("2026-01-01T14:00:00Z"));
        assertThat(f.controller.snapshot().state("admin").maintenance().retryAfter()).isEqualTo(Duration.ofMinutes(2));

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|site|{\"duration\":\"30m\"}")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|site");
        assertThat(status("site").maintenanceUntil()).isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
    }

    @Test
    void enterExRefusesBadInput() {
        start();

        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|nope")).isEqualTo("ERROR|invalid json");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|null")).isEqualTo("ERROR|invalid json");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"mesage\":\"x\"}")).isEqualTo("ERROR|unknown field: mesage");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"message\":5}")).isEqualTo("ERROR|invalid json");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"until\":\"tomorrow\"}"))
                .isEqualTo("ERROR|invalid until: expected an RFC 3339 time");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"until\":\"2025-01-01T00:00:00Z\"}"))
                .isEqualTo("ERROR|invalid time for 'until': '2025-01-01T00:00:00Z' (must be in the future)");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"url\":\"gopher://x\"}"))
                .isEqualTo("ERROR|invalid maintenance page url");
        assertThat(w.call("MAINT_ENTER_EX|" + sid + "|admin|{\"retry_after\":\"soon\"}")).isEqualTo("ERROR|invalid duration");
        assertThat(status("admin").inMaintenance()).isFalse();
    }

    @Test
    void losingTheSessionNeverChangesMaintenance() {
        start();
        String own = apply("/own");
        assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|")).isEqualTo("ACK");
        assertThat(w.read()).isEqualTo("MAINT_OK|ALL");
        w.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);
        assertThat(f.controller.statuses()).allSatisfy(s -> assertThat(s.inMaintenance()).isTrue());

        f.clock.advance(RegistryConfig.DEFAULT_GRACE_PERIOD);
        f.registry.sweep();

        assertThat(f.registry.stats().sessions()).isZero();
        assertThat(f.controller.statuses()).allSatisfy(s -> assertThat(s.inMaintenance()).isTrue());
        assertThat(f.controller.routes()).filteredOn(r -> r.id().equals(own))
                .singleElement().satisfies(r -> assertThat(r.owner()).isEqualTo("controller"));
        f.controller.exit(io.github.maintenance.Target.all(), Cause.api());
        f.registry.sweep();
        assertThat(f.controller.routes()).noneMatch(r -> r.id().equals(own));
    }
}
