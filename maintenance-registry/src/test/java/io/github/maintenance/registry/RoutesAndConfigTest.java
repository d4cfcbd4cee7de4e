package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routes, staged configuration and the proxy-only commands, over real sockets. */
class RoutesAndConfigTest {

    private final RegistryFixture f = RegistryFixture.start(b -> b.maxRoutesPerSession(4));
    private final Wire w = f.connect();
    private final String sid = w.register("shop", "i-1");

    @AfterEach
    void close() {
        f.close();
    }

    private Route route(String id) {
        return f.controller.routes().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    private String matched(String host, String path) {
        var table = f.controller.snapshot().routes();
        return table.route(table.match(host, path)).id();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String reply, String token) throws Exception {
        assertThat(reply).startsWith(token + "|");
        return (List<Map<String, Object>>) WireJson.parse(reply.substring(token.length() + 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String reply, String token) throws Exception {
        assertThat(reply).startsWith(token + "|");
        return (Map<String, Object>) WireJson.parse(reply.substring(token.length() + 1));
    }

    private String add(String domains, String path) {
        String reply = w.call("ROUTE_ADD|" + sid + "|" + domains + "|" + path + "|http://localhost:8080|0");
        assertThat(reply).startsWith("ROUTE_OK|r");
        return reply.substring("ROUTE_OK|".length());
    }

    @Test
    void routeAddStagesARouteWithAGlobalIdThatApplyTurnsIntoAControllerRoute() {
        assertThat(w.call("ROUTE_ADD|" + sid + "|Example.com, *.example.org|/api|http://localhost:8080|10"))
                .isEqualTo("ROUTE_OK|r1");
        Wire other = f.session("billing", "i-1");
        assertThat(other.call("ROUTE_ADD|x|*|/billing|https://b:9|0")).as("ids are global").isEqualTo("ROUTE_OK|r2");
        assertThat(route("r1")).as("staged only").isNull();

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");

        Route r1 = route("r1");
        assertThat(r1.domains()).containsExactly("example.com", "*.example.org");
        assertThat(r1.path()).isEqualTo("/api");
        assertThat(r1.priority()).isEqualTo(10);
        assertThat(r1.backend()).isEqualTo("http://localhost:8080");
        assertThat(r1.owner()).isEqualTo("registry:shop/i-1");
        assertThat(matched("www.example.org", "/api/x")).isEqualTo("r1");
        assertThat(route("r2")).as("the other session has not applied").isNull();
    }

    @Test
    void aStarOrEmptyDomainServesAnyHost() {
        String any = add("*", "/a");
        String mixed = add("shop.example.com,", "/b");
        w.call("CONFIG_APPLY|" + sid);

        assertThat(route(any).domains()).isEmpty();
        assertThat(route(mixed).domains()).isEmpty();
        assertThat(matched("anything.test", "/b")).isEqualTo(mixed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "ROUTE_ADD|s||/api|http://a:1|0 ; ERROR|no domains specified",
        "ROUTE_ADD|s|a.com||http://a:1|0 ; ERROR|path cannot be empty",
        "ROUTE_ADD|s|a.com|/api|localhost:8080|0 ; ERROR|invalid backend url format",
        "ROUTE_ADD|s||||x ; ERROR|no domains specified",
        "ROUTE_ADD|s|a.com||nope|x ; ERROR|path cannot be empty",
        "ROUTE_ADD|s|a.com|api|http://a:1|0 ; ERROR|path must start with /",
        "ROUTE_ADD|s|a.com|/a//b|http://a:1|0 ; ERROR|invalid route path '/a//b': must not contain empty, '.' or '..' segments",
        "ROUTE_ADD|s|a.com|/api|ftp://a:1|0 ; ERROR|invalid backend url format",
        "ROUTE_ADD|s|a.com|/api|http://|0 ; ERROR|invalid backend url format",
        "ROUTE_ADD|s|a.com,bad host|/api|http://a:1|0 ; ERROR|invalid domain: bad host",
        "ROUTE_ADD|s|a.com|/api|http://a:1|high ; ERROR|invalid priority",
        "ROUTE_ADD|s|a.com|/api|http://a:1 ; ERROR|invalid format"
    })
    void routeAddErrorsInTheProtocolsOrder(String line, String expected) {
        assertThat(w.call(line)).isEqualTo(expected);
        assertThat(w.call("ROUTE_LIST|" + sid)).isEqualTo("ROUTE_LIST_OK|[]");
    }

    @Test
    void aSessionHasAtMostItsRouteLimit() {
        for (int i = 0; i < 4; i++) {
            add("*", "/p" + i);
        }
        assertThat(w.call("ROUTE_ADD|" + sid + "|*|/p9|http://a:1|0")).isEqualTo("ERROR|too many routes");
        assertThat(w.call("ROUTE_ADD_BULK|" + sid + "|[{\"domains\":[\"*\"],\"path\":\"/x\",\"backend_url\":\"http://a:1\"}]"))
                .isEqualTo("ERROR|too many routes");
    }

    @Test
    void routeAddBulkStagesAllInInputOrder() throws Exception {
        String reply = w.call("ROUTE_ADD_BULK|" + sid + "|[{\"domains\":[\"a.com\"],\"path\":\"/a\","
                + "\"backend_url\":\"http://a:1\",\"priority\":5},{\"domains\":[\"*\"],\"path\":\"/b|c\","
                + "\"backend_url\":\"http://b:1\"}]");

        assertThat(reply).isEqualTo("ROUTE_BULK_OK|[{\"route_id\":\"r1\",\"status\":\"ok\"},{\"route_id\":\"r2\",\"status\":\"ok\"}]");
        List<Map<String, Object>> routes = list(w.call("ROUTE_LIST|" + sid), "ROUTE_LIST_OK");
        assertThat(routes).extracting(m -> m.get("path")).containsExactly("/a", "/b|c");
        assertThat(routes.get(0)).containsEntry("priority", 5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "{} ; ERROR|invalid json",
        "[1] ; ERROR|invalid json",
        "[{\"domains\":\"a.com\",\"path\":\"/a\",\"backend_url\":\"http://a:1\"}] ; ERROR|invalid json",
        "[{\"path\":\"/a\",\"backend_url\":\"http://a:1\"}] ; ERROR|no domains specified",
        "[{\"domains\":[],\"path\":\"/a\",\"backend_url\":\"http://a:1\"}] ; ERROR|no domains specified",
        "[{\"domains\":[\"a.com\"],\"backend_url\":\"http://a:1\"}] ; ERROR|path cannot be empty",
        "[{\"domains\":[\"a.com\"],\"path\":\"/a\"}] ; ERROR|invalid backend url format",
        "[{\"domains\":[\"a.com\"],\"path\":\"/a\",\"backend_url\":\"http://a:1\",\"priority\":1.5}] ; ERROR|invalid priority",
        "[{\"domains\":[\"a.com\"],\"path\":\"/a\",\"backend_url\":\"http://a:1\"} ; ERROR|invalid json",
        "nope ; ERROR|invalid json"
    })
    void routeAddBulkRefusesBadInput(String json, String expected) {
        assertThat(w.call("ROUTE_ADD_BULK|" + sid + "|" + json)).isEqualTo(expected);
    }

    @Test
    void routeAddBulkIsAtomic() {
        String reply = w.call("ROUTE_ADD_BULK|" + sid + "|[{\"domains\":[\"a.com\"],\"path\":\"/a\","
                + "\"backend_url\":\"http://a:1\"},{\"domains\":[\"a.com\"],\"path\":\"a\",\"backend_url\":\"http://a:1\"}]");

        assertThat(reply).isEqualTo("ERROR|path must start with /");
        assertThat(w.call("ROUTE_LIST|" + sid)).isEqualTo("ROUTE_LIST_OK|[]");
    }

    @Test
    void routeListShowsActiveThenStagedWithExactKeysAndNoIdKey() throws Exception {
        String r1 = add("a.com", "/a");
        w.call("CONFIG_APPLY|" + sid);
        add("b.com", "/b");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + r1 + "|priority|7")).isEqualTo("ROUTE_OK");

        List<Map<String, Object>> routes = list(w.call("ROUTE_LIST|" + sid), "ROUTE_LIST_OK");

        assertThat(routes).extracting(m -> m.get("route_id") + ":" + m.get("status"))
                .containsExactly("r1:active", "r2:staged", "r1:staged");
        assertThat(routes.get(0)).containsOnlyKeys("route_id", "domains", "path", "backend", "priority", "status")
                .containsEntry("domains", List.of("a.com")).containsEntry("backend", "http://localhost:8080")
                .containsEntry("priority", 0);
        assertThat(routes.get(2)).containsEntry("priority", 7);
        assertThat(routes).allSatisfy(m -> assertThat(m).doesNotContainKey("id"));
        assertThat(f.session("other", "x").call("ROUTE_LIST|y")).as("only the session's own").isEqualTo("ROUTE_LIST_OK|[]");
    }

    @Test
    void routeUpdateOfAnActiveRouteReplacesItOnApply() {
        String id = add("a.com", "/old");
        w.call("CONFIG_APPLY|" + sid);
        f.controller.enter(id);

        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|path|/new")).isEqualTo("ROUTE_OK");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|domains|b.com, c.com")).isEqualTo("ROUTE_OK");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|backend_url|https://new:9")).isEqualTo("ROUTE_OK");
        assertThat(route(id).path()).as("not before apply").isEqualTo("/old");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");

        assertThat(f.controller.routes()).filteredOn(r -> r.id().equals(id)).hasSize(1);
        assertThat(route(id).path()).isEqualTo("/new");
        assertThat(route(id).domains()).containsExactly("b.com", "c.com");
        assertThat(route(id).backend()).isEqualTo("https://new:9");
        assertThat(matched("a.com", "/old")).as("the old path is not live").isEqualTo("*");
        assertThat(f.controller.status(id).inMaintenance()).as("state kept").isTrue();
    }

    @Test
    void routeUpdateErrors() {
        String id = add("a.com", "/a");

        assertThat(w.call("ROUTE_UPDATE|" + sid + "|r99|path|/x")).isEqualTo("ERROR|route not found");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|colour|red")).isEqualTo("ERROR|unknown field");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|backend_url|nope")).isEqualTo("ERROR|invalid backend url");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|priority|x")).isEqualTo("ERROR|invalid priority");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|domains|")).isEqualTo("ERROR|no domains specified");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|path|x")).isEqualTo("ERROR|path must start with /");
        assertThat(w.call("ROUTE_UPDATE|" + sid + "|" + id + "|path")).isEqualTo("ERROR|invalid format");
    }

    @Test
    void routeRemoveKeepsAnActiveRouteUntilApplyAndRollbackCancelsIt() throws Exception {
        String id = add("a.com", "/a");
        w.call("CONFIG_APPLY|" + sid);

        assertThat(w.call("ROUTE_REMOVE|" + sid + "|" + id)).isEqualTo("ROUTE_OK");
        assertThat(list(w.call("ROUTE_LIST|" + sid), "ROUTE_LIST_OK")).extracting(m -> m.get("status"))
                .containsExactly("active");
        assertThat(w.call("CONFIG_DIFF|" + sid)).isEqualTo("DIFF_OK|{\"routes\":{\"added\":0,\"removed\":1,"
                + "\"added_ids\":[],\"removed_ids\":[\"r1\"]},\"headers\":0,\"options\":0,\"health\":0,\"ratelimit\":0,"
                + "\"circuit\":0}");
        assertThat(w.call("CONFIG_ROLLBACK|" + sid)).isEqualTo("OK");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(route(id)).isNotNull();

        w.call("ROUTE_REMOVE|" + sid + "|" + id);
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(route(id)).isNull();
        assertThat(w.call("ROUTE_LIST|" + sid)).isEqualTo("ROUTE_LIST_OK|[]");
        assertThat(w.call("ROUTE_REMOVE|" + sid + "|" + id)).isEqualTo("ERROR|route not found");
    }

    @Test
    void configDiffCountsEveryStagedPart() throws Exception {
        String id = add("a.com", "/a");
        w.call("HEADERS_SET|" + sid + "|ALL|X-Frame-Options|DENY");
        w.call("OPTIONS_SET|" + sid + "|ALL|websocket|true");
        w.call("HEALTH_SET|" + sid + "|" + id + "|/healthz|10s|2s");
        w.call("RATELIMIT_SET|" + sid + "|" + id + "|100|1m");
        w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|5|30s|2");

        Map<String, Object> diff = object(w.call("CONFIG_DIFF|" + sid), "DIFF_OK");

        @SuppressWarnings("unchecked")
        Map<String, Object> routes = (Map<String, Object>) diff.get("routes");
        assertThat(routes).containsEntry("added", 1).containsEntry("removed", 0)
                .containsEntry("added_ids", List.of(id)).containsEntry("removed_ids", List.of());
        assertThat(diff).containsEntry("headers", 1).containsEntry("options", 1).containsEntry("health", 1)
                .containsEntry("ratelimit", 1).containsEntry("circuit", 1);
    }

    @Test
    void rollbackDiscardsEveryStagedPart() {
        String id = add("a.com", "/a");
        w.call("HEADERS_SET|" + sid + "|ALL|X-A|1");
        w.call("HEALTH_SET|" + sid + "|" + id + "|/healthz|10s|2s");

        assertThat(w.call("CONFIG_ROLLBACK|" + sid)).isEqualTo("OK");

        assertThat(w.call("CONFIG_DIFF|" + sid)).isEqualTo("DIFF_OK|{\"routes\":{\"added\":0,\"removed\":0,"
                + "\"added_ids\":[],\"removed_ids\":[]},\"headers\":0,\"options\":0,\"health\":0,\"ratelimit\":0,"
                + "\"circuit\":0}");
        assertThat(w.call("CONFIG_APPLY|" + sid)).as("nothing staged").isEqualTo("OK");
        assertThat(route(id)).isNull();
    }

    @Test
    void routeIdsTheApplicationAlreadyUsesAreSkipped() {
        f.controller.putRoute(Route.builder("r2").path("/app").build(), io.github.maintenance.Cause.api());

        assertThat(add("a.com", "/a")).isEqualTo("r1");
        assertThat(add("b.com", "/b")).isEqualTo("r3");
        assertThat(w.call("CONFIG_VALIDATE|" + sid)).isEqualTo("OK");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(route("r2").path()).as("the application's route is untouched").isEqualTo("/app");
    }

    @Test
    void validateAndApplyReportTheFirstFailingRouteAndApplyChangesNothing() {
        String first = add("a.com", "/a");
        String second = add("b.com", "/b");
        w.call("HEADERS_SET|" + sid + "|ALL|X-A|1");
        f.controller.putRoute(Route.builder(second).path("/taken").build(), io.github.maintenance.Cause.api());

        assertThat(w.call("CONFIG_VALIDATE|" + sid)).isEqualTo("ERROR|route " + second + ": id already used by another route");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("ERROR|route " + second + ": id already used by another route");

        assertThat(route(first)).as("atomic: nothing applied").isNull();
        assertThat(route(second).path()).isEqualTo("/taken");
        assertThat(w.call("SESSION_INFO|" + sid)).contains("\"headers\":{}");
        assertThat(w.call("CONFIG_DIFF|" + sid)).contains("\"headers\":1");
    }

    @Test
    void applyPartialAppliesOnlyTheNamedScopesAndRefusesUnknownOnes() {
        String id = add("a.com", "/a");
        w.call("HEADERS_SET|" + sid + "|ALL|X-A|1");

        assertThat(w.call("CONFIG_APPLY_PARTIAL|" + sid + "|routes,bogus")).isEqualTo("ERROR|unknown scope: bogus");
        assertThat(route(id)).isNull();
        assertThat(w.call("CONFIG_APPLY_PARTIAL|" + sid + "|headers")).isEqualTo("OK");
        assertThat(route(id)).isNull();
        assertThat(w.call("CONFIG_APPLY_PARTIAL|" + sid + "| routes ")).isEqualTo("OK");
        assertThat(route(id)).isNotNull();

        w.call("ROUTE_REMOVE|" + sid + "|" + id);
        assertThat(w.call("CONFIG_APPLY_PARTIAL|" + sid + "|routes")).as("removals included").isEqualTo("OK");
        assertThat(route(id)).isNull();
    }

    @Test
    void applyPartialOfABreakerForAStagedOnlyRouteIsRefused() {
        String id = add("a.com", "/a");
        w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|5|30s|2");

        assertThat(w.call("CONFIG_APPLY_PARTIAL|" + sid + "|circuit")).isEqualTo("ERROR|route " + id + ": not active");
        assertThat(w.call("CONFIG_APPLY_PARTIAL|" + sid + "|routes,circuit")).isEqualTo("OK");
        assertThat(f.controller.status(id).circuitConfigured()).isTrue();
    }

    @Test
    void theStagedConfigurationExpiresAfterItsTtlWhateverIsStaged() {
        String id = add("a.com", "/a");
        w.call("CONFIG_APPLY|" + sid);
        w.call("ROUTE_REMOVE|" + sid + "|" + id);
        w.call("HEALTH_SET|" + sid + "|" + id + "|/healthz|10s|2s");
        f.clock.advance(RegistryConfig.DEFAULT_STAGED_TTL.minusSeconds(1));
        f.registry.sweep();
        w.call("RATELIMIT_SET|" + sid + "|" + id + "|10|1s");

        f.clock.advance(RegistryConfig.DEFAULT_STAGED_TTL.minusSeconds(1));
        f.registry.sweep();
        assertThat(w.call("CONFIG_DIFF|" + sid)).as("re-armed by the last staging command").contains("\"ratelimit\":1");

        f.clock.advance(Duration.ofSeconds(1));
        f.registry.sweep();
        assertThat(w.call("CONFIG_DIFF|" + sid)).isEqualTo("DIFF_OK|{\"routes\":{\"added\":0,\"removed\":0,"
                + "\"added_ids\":[],\"removed_ids\":[]},\"headers\":0,\"options\":0,\"health\":0,\"ratelimit\":0,"
                + "\"circuit\":0}");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(route(id)).as("the removal expired too").isNotNull();
    }

    @Test
    void headersAndOptionsAreStagedAppliedAndRemovedForAllOnly() throws Exception {
        assertThat(w.call("HEADERS_SET|" + sid + "|ALL|X-Trace|a|b")).isEqualTo("HEADERS_OK");
        assertThat(w.call("OPTIONS_SET|" + sid + "|ALL|timeout|30")).isEqualTo("OPTIONS_OK");
        assertThat(w.call("OPTIONS_SET|" + sid + "|ALL|websocket|true")).isEqualTo("OPTIONS_OK");
        assertThat(w.call("OPTIONS_SET|" + sid + "|ALL|http2|no")).isEqualTo("OPTIONS_OK");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");

        Map<String, Object> info = object(w.call("SESSION_INFO|" + sid), "SESSION_OK");
        assertThat(info.get("headers")).isEqualTo(Map.of("X-Trace", "a|b"));
        assertThat(info.get("options")).isEqualTo(Map.of("timeout", "30s", "websocket", true, "http2", false));

        assertThat(w.call("HEADERS_REMOVE|" + sid + "|ALL|X-Trace")).isEqualTo("HEADERS_OK");
        assertThat(w.call("OPTIONS_REMOVE|" + sid + "|ALL|timeout")).isEqualTo("OPTIONS_OK");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        info = object(w.call("SESSION_INFO|" + sid), "SESSION_OK");
        assertThat(info.get("headers")).isEqualTo(Map.of());
        assertThat(info.get("options")).isEqualTo(Map.of("websocket", true, "http2", false));
    }

    @Test
    void removingAHeaderOrOptionThatIsOnlyStagedUnstagesItAndRemovingOneInForceStagesItsRemoval() throws Exception {
        w.call("HEADERS_SET|" + sid + "|ALL|X-A|1");
        w.call("OPTIONS_SET|" + sid + "|ALL|websocket|true");
        assertThat(object(w.call("CONFIG_DIFF|" + sid), "DIFF_OK")).containsEntry("headers", 1).containsEntry("options", 1);

        assertThat(w.call("HEADERS_REMOVE|" + sid + "|ALL|X-A")).isEqualTo("HEADERS_OK");
        assertThat(w.call("OPTIONS_REMOVE|" + sid + "|ALL|websocket")).isEqualTo("OPTIONS_OK");
        assertThat(w.call("HEADERS_REMOVE|" + sid + "|ALL|X-Never-Set")).isEqualTo("HEADERS_OK");
        assertThat(object(w.call("CONFIG_DIFF|" + sid), "DIFF_OK")).as("un-staged, nothing to remove")
                .containsEntry("headers", 0).containsEntry("options", 0);

        w.call("HEADERS_SET|" + sid + "|ALL|X-A|1");
        w.call("OPTIONS_SET|" + sid + "|ALL|websocket|true");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(object(w.call("CONFIG_DIFF|" + sid), "DIFF_OK")).containsEntry("headers", 0).containsEntry("options", 0);
        w.call("HEADERS_REMOVE|" + sid + "|ALL|X-A");
        w.call("OPTIONS_REMOVE|" + sid + "|ALL|websocket");
        assertThat(object(w.call("CONFIG_DIFF|" + sid), "DIFF_OK")).as("removals of entries in force")
                .containsEntry("headers", 1).containsEntry("options", 1);
        assertThat(object(w.call("SESSION_INFO|" + sid), "SESSION_OK").get("headers")).as("until applied")
                .isEqualTo(Map.of("X-A", "1"));

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        Map<String, Object> info = object(w.call("SESSION_INFO|" + sid), "SESSION_OK");
        assertThat(info.get("headers")).isEqualTo(Map.of());
        assertThat(info.get("options")).isEqualTo(Map.of());
    }

    @Test
    void routeRemovalOfAStagedOnlyRouteUnstagesItWithItsHealthCheckAndBreaker() throws Exception {
        String id = add("a.com", "/a");
        w.call("HEALTH_SET|" + sid + "|" + id + "|/healthz|10s|2s");
        w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|5|30s|2");

        assertThat(w.call("ROUTE_REMOVE|" + sid + "|" + id)).isEqualTo("ROUTE_OK");

        Map<String, Object> diff = object(w.call("CONFIG_DIFF|" + sid), "DIFF_OK");
        assertThat(diff.get("routes")).isEqualTo(Map.of("added", 0, "removed", 0, "added_ids", List.of(),
                "removed_ids", List.of()));
        assertThat(diff).containsEntry("health", 0).containsEntry("circuit", 0);
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(route(id)).isNull();
        assertThat(f.controller.exemptPaths()).isEmpty();
    }

    @Test
    void headersAndOptionsErrors() {
        assertThat(w.call("HEADERS_SET|" + sid + "|r1|X-A|1")).isEqualTo("ERROR|route-specific headers not yet supported");
        assertThat(w.call("HEADERS_REMOVE|" + sid + "|r1|X-A")).isEqualTo("ERROR|route-specific headers not yet supported");
        assertThat(w.call("HEADERS_SET|" + sid + "|ALL|Bad Name|1")).isEqualTo("ERROR|invalid header");
        assertThat(w.call("HEADERS_SET|" + sid + "|ALL|X-A|a\u0000b")).isEqualTo("ERROR|invalid header");
        assertThat(w.call("HEADERS_SET|" + sid + "|ALL|X-A")).isEqualTo("ERROR|invalid format");
        assertThat(w.call("OPTIONS_SET|" + sid + "|r1|timeout|3")).isEqualTo("ERROR|route-specific options not yet supported");
        assertThat(w.call("OPTIONS_REMOVE|" + sid + "|r1|timeout")).isEqualTo("ERROR|route-specific options not yet supported");
        assertThat(w.call("OPTIONS_SET|" + sid + "|ALL|timeout|soon")).isEqualTo("ERROR|invalid duration");
        assertThat(w.call("OPTIONS_SET|" + sid + "|ALL||1")).isEqualTo("ERROR|invalid option");
    }

    @Test
    void healthSetExemptsItsPathGloballyOnceAppliedAndUntilItsRouteGoes() {
        String id = add("a.com", "/a");
        assertThat(w.call("HEALTH_SET|" + sid + "|" + id + "|/status/live|10s|2s")).isEqualTo("HEALTH_OK");
        assertThat(f.controller.exemptPaths()).as("staged").isEmpty();

        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        assertThat(f.controller.exemptPaths()).containsExactly("/status/live");
        assertThat(f.controller.snapshot().isExemptPath("/status/live")).isTrue();

        w.call("ROUTE_REMOVE|" + sid + "|" + id);
        w.call("CONFIG_APPLY|" + sid);
        assertThat(f.controller.exemptPaths()).isEmpty();
    }

    @Test
    void healthRateLimitAndBreakerSetNeedAKnownRouteAndValidValues() {
        String id = add("a.com", "/a");

        assertThat(w.call("HEALTH_SET|" + sid + "|r99|/h|10s|2s")).isEqualTo("ERROR|route not found");
        assertThat(w.call("HEALTH_SET|" + sid + "|" + id + "|h|10s|2s")).isEqualTo("ERROR|invalid path");
        assertThat(w.call("HEALTH_SET|" + sid + "|" + id + "|/h|often|2s")).isEqualTo("ERROR|invalid duration");
        assertThat(w.call("HEALTH_SET|" + sid + "|" + id + "|/h|30|5")).as("bare integers are seconds").isEqualTo("HEALTH_OK");
        assertThat(w.call("RATELIMIT_SET|" + sid + "|r99|10|1s")).isEqualTo("ERROR|route not found");
        assertThat(w.call("RATELIMIT_SET|" + sid + "|" + id + "|0|1s")).isEqualTo("ERROR|invalid number");
        assertThat(w.call("RATELIMIT_SET|" + sid + "|" + id + "|ten|1s")).isEqualTo("ERROR|invalid number");
        assertThat(w.call("RATELIMIT_SET|" + sid + "|" + id + "|10|x")).isEqualTo("ERROR|invalid duration");
        assertThat(w.call("RATELIMIT_SET|" + sid + "|" + id + "|10|1m")).isEqualTo("RATELIMIT_OK");
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|r99|5|30s|2")).isEqualTo("ERROR|route not found");
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|0|30s|2")).isEqualTo("ERROR|invalid number");
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|5|never|2")).isEqualTo("ERROR|invalid duration");
        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|5|30s|-1")).isEqualTo("ERROR|invalid number");
    }

    @Test
    void circuitBreakerSetIsAppliedToTheRoutesBreakerAndStatusAndResetWork() throws Exception {
        String id = add("a.com", "/a");
        w.call("CONFIG_APPLY|" + sid);
        assertThat(w.call("CIRCUIT_BREAKER_RESET|" + sid + "|" + id)).isEqualTo("ERROR|circuit breaker not found");
        Map<String, Object> before = object(w.call("CIRCUIT_BREAKER_STATUS|" + sid + "|" + id), "CIRCUIT_STATUS_OK");
        assertThat(before).containsEntry("state", "closed").containsEntry("failures", 0)
                .containsEntry("last_failure", "0001-01-01T00:00:00Z").containsEntry("healthy", true)
                .containsEntry("in_maintenance", false).containsEntry("draining", false);

        assertThat(w.call("CIRCUIT_BREAKER_SET|" + sid + "|" + id + "|2|30s|1")).isEqualTo("CIRCUIT_OK");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
        var decision = f.controller.decide("a.com", "/a");
        decision.recordOutcome(500, false);
        decision.recordOutcome(502, false);

        Map<String, Object> open = object(w.call("CIRCUIT_BREAKER_STATUS|" + sid + "|" + id), "CIRCUIT_STATUS_OK");
        assertThat(open).containsEntry("state", "open").containsEntry("failures", 2).containsEntry("healthy", false)
                .containsEntry("last_failure", "2026-01-01T00:00:00Z");
        assertThat(w.call("CIRCUIT_BREAKER_RESET|" + sid + "|" + id)).isEqualTo("CIRCUIT_OK");
        assertThat(f.controller.status(id).circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(f.controller.status(id).failures()).isZero();
    }

    @Test
    void circuitBreakerStatusNeedsAnActiveRouteOfTheSession() {
        String id = add("a.com", "/a");

        assertThat(w.call("CIRCUIT_BREAKER_STATUS|" + sid + "|" + id)).as("staged only").isEqualTo("ERROR|route not found");
        assertThat(w.call("CIRCUIT_BREAKER_STATUS|" + sid + "|*")).isEqualTo("ERROR|route not found");
        w.call("CONFIG_APPLY|" + sid);
        f.controller.removeRoute(id, io.github.maintenance.Cause.api());
        assertThat(w.call("CIRCUIT_BREAKER_STATUS|" + sid + "|" + id)).isEqualTo("ERROR|backend status unavailable");
    }

    @Test
    void aSessionsRoutesGoWhenItEndsExceptThoseInMaintenanceOrDrainingWhichTheControllerKeeps() {
        String plain = add("a.com", "/plain");
        String blocked = add("a.com", "/blocked");
        w.call("HEALTH_SET|" + sid + "|" + plain + "|/healthz|10s|2s");
        w.call("CONFIG_APPLY|" + sid);
        f.controller.enter(blocked);

        assertThat(w.call("CLIENT_SHUTDOWN|" + sid)).isEqualTo("SHUTDOWN_OK");

        assertThat(route(plain)).isNull();
        assertThat(route(blocked).owner()).isEqualTo(RegistryServer.ADOPTED_OWNER);
        assertThat(f.controller.status(blocked).inMaintenance()).isTrue();
        assertThat(f.controller.exemptPaths()).isEmpty();
        assertThat(f.registry.stats().adoptedRoutes()).isEqualTo(1);

        f.controller.exit(blocked);
        f.registry.sweep();
        assertThat(route(blocked)).as("removed once it serves again").isNull();
        assertThat(f.registry.stats().adoptedRoutes()).isZero();
    }
}
