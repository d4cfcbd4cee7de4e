package io.github.maintenance.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class RouteTableTest {

    private static Route route(String id, String path, int priority, String... domains) {
        return Route.builder(id).path(path).priority(priority).domains(domains).build();
    }

    private static String match(RouteTable table, String host, String path) {
        return table.route(table.match(host, path)).id();
    }

    @Test
    void anEmptyTableHasOnlyTheCatchAllAndMatchesEverythingToIt() {
        RouteTable table = RouteTable.of(List.of());

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.route(0).isCatchAll()).isTrue();
        assertThat(table.route(0).id()).isEqualTo(Route.CATCH_ALL_ID);
        assertThat(match(table, "example.com", "/anything/at/all")).isEqualTo("*");
        assertThat(match(table, null, null)).isEqualTo("*");
        assertThat(table.declaredRoutes()).isEmpty();
    }

    @Test
    void theCatchAllComesFirstThenDeclaredRoutesInDeclarationOrder() {
        RouteTable table = RouteTable.of(List.of(route("b", "/b", 0), route("a", "/a", 0)));

        assertThat(table.routes()).extracting(Route::id).containsExactly("*", "b", "a");
        assertThat(table.declaredRoutes()).extracting(Route::id).containsExactly("b", "a");
        assertThat(table.indexOf("a")).isEqualTo(2);
        assertThat(table.indexOf("missing")).isEqualTo(-1);
        assertThat(table.find("b").path()).isEqualTo("/b");
        assertThat(table.find("missing")).isNull();
    }

    @Test
    void routesAreUnmodifiable() {
        RouteTable table = RouteTable.of(List.of(route("a", "/a", 0)));

        assertThatThrownBy(() -> table.routes().set(0, route("x", "/x", 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void pathPrefixesMatchSegmentBySegment() {
        RouteTable table = RouteTable.of(List.of(route("api", "/api", 0)));

        assertThat(match(table, "h", "/api")).isEqualTo("api");
        assertThat(match(table, "h", "/api/")).isEqualTo("api");
        assertThat(match(table, "h", "/api/x")).isEqualTo("api");
        assertThat(match(table, "h", "/api/x/y/z")).isEqualTo("api");
        assertThat(match(table, "h", "/apix")).isEqualTo("*");
        assertThat(match(table, "h", "/apix/y")).isEqualTo("*");
        assertThat(match(table, "h", "/ap")).isEqualTo("*");
        assertThat(match(table, "h", "/")).isEqualTo("*");
        assertThat(match(table, "h", "/other/api")).isEqualTo("*");
    }

    @Test
    void theLongestMatchingPrefixWinsAtEqualPriority() {
        RouteTable table = RouteTable.of(List.of(route("api", "/api", 0), route("v1", "/api/v1", 0),
                route("root", "/", 0)));

        assertThat(match(table, "h", "/api/v1")).isEqualTo("v1");
        assertThat(match(table, "h", "/api/v1/users")).isEqualTo("v1");
        assertThat(match(table, "h", "/api/v10")).isEqualTo("api");
        assertThat(match(table, "h", "/api/v2/users")).isEqualTo("api");
        assertThat(match(table, "h", "/home")).isEqualTo("root");
    }

    @Test
    void higherPriorityBeatsLongerPath() {
        RouteTable table = RouteTable.of(List.of(route("deep", "/api/v1", 0), route("wide", "/", 5)));

        assertThat(match(table, "h", "/api/v1/users")).isEqualTo("wide");
    }

    @Test
    void longerPathBeatsMoreSpecificHostAtEqualPriority() {
        RouteTable table = RouteTable.of(List.of(route("exact-root", "/", 0, "shop.example.com"),
                route("any-api", "/api", 0)));

        assertThat(match(table, "shop.example.com", "/api/cart")).isEqualTo("any-api");
        assertThat(match(table, "shop.example.com", "/cart")).isEqualTo("exact-root");
    }

    @Test
    void exactDomainBeatsWildcardWhichBeatsAnyHostWhateverTheDeclarationOrder() {
        RouteTable table = RouteTable.of(List.of(route("any", "/app", 0), route("wild", "/app", 0, "*.example.com"),
                route("exact", "/app", 0, "shop.example.com")));

        assertThat(match(table, "shop.example.com", "/app/x")).isEqualTo("exact");
        assertThat(match(table, "blog.example.com", "/app/x")).isEqualTo("wild");
        assertThat(match(table, "example.org", "/app/x")).isEqualTo("any");
    }

    @Test
    void declarationOrderBreaksTheRemainingTies() {
        RouteTable ab = RouteTable.of(List.of(route("a", "/x", 0), route("b", "/x", 0)));
        RouteTable ba = RouteTable.of(List.of(route("b", "/x", 0), route("a", "/x", 0)));
        RouteTable exactTwice = RouteTable.of(List.of(route("first", "/", 0, "h.example.com"),
                route("second", "/", 0, "h.example.com")));

        assertThat(match(ab, "h", "/x/y")).isEqualTo("a");
        assertThat(match(ba, "h", "/x/y")).isEqualTo("b");
        assertThat(match(exactTwice, "h.example.com", "/")).isEqualTo("first");
    }

    @Test
    void priorityWinsWithinOneGroupOverHostSpecificity() {
        RouteTable table = RouteTable.of(List.of(route("exact", "/x", 0, "h.example.com"), route("any", "/x", 1)));

        assertThat(match(table, "h.example.com", "/x")).isEqualTo("any");
    }

    @Test
    void exactDomainsAreCaseInsensitiveAndIgnorePortAndTrailingDot() {
        RouteTable table = RouteTable.of(List.of(route("shop", "/", 0, "Shop.Example.COM")));

        assertThat(match(table, "shop.example.com", "/")).isEqualTo("shop");
        assertThat(match(table, "SHOP.EXAMPLE.COM", "/a")).isEqualTo("shop");
        assertThat(match(table, "shop.example.com:8443", "/a")).isEqualTo("shop");
        assertThat(match(table, "shop.example.com.", "/a")).isEqualTo("shop");
        assertThat(match(table, "www.shop.example.com", "/a")).isEqualTo("*");
        assertThat(match(table, "example.com", "/a")).isEqualTo("*");
        assertThat(match(table, "", "/a")).isEqualTo("*");
        assertThat(match(table, null, "/a")).isEqualTo("*");
    }

    @Test
    void wildcardDomainsMatchSubdomainsButNotTheApexNorLookalikes() {
        RouteTable table = RouteTable.of(List.of(route("wild", "/", 0, "*.example.com")));

        assertThat(match(table, "a.example.com", "/")).isEqualTo("wild");
        assertThat(match(table, "a.b.example.com", "/")).isEqualTo("wild");
        assertThat(match(table, "A.Example.COM:80", "/")).isEqualTo("wild");
        assertThat(match(table, "example.com", "/")).isEqualTo("*");
        assertThat(match(table, "badexample.com", "/")).isEqualTo("*");
        assertThat(match(table, "a.example.com.evil.org", "/")).isEqualTo("*");
    }

    @Test
    void aRouteForAnotherHostDoesNotCaptureTheRequest() {
        RouteTable table = RouteTable.of(List.of(route("api-host", "/api", 0, "api.example.com"),
                route("root", "/", 0)));

        assertThat(match(table, "api.example.com", "/api/x")).isEqualTo("api-host");
        assertThat(match(table, "www.example.com", "/api/x")).isEqualTo("root");
    }

    @Test
    void aDeclaredRouteWithNegativePriorityStillBeatsTheCatchAll() {
        RouteTable table = RouteTable.of(List.of(route("low", "/", -100)));

        assertThat(match(table, "h", "/x")).isEqualTo("low");
    }

    @Test
    void manyRoutesEachMatchTheirOwnPrefix() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            routes.add(route("svc" + i, "/svc" + i, 0));
        }
        RouteTable table = RouteTable.of(routes);

        for (int i = 0; i < 300; i++) {
            assertThat(match(table, "h", "/svc" + i + "/deep/path")).isEqualTo("svc" + i);
        }
        assertThat(match(table, "h", "/svc300")).isEqualTo("*");
    }

    @Test
    void withReplacesInPlaceOrAppendsAndWithoutRemoves() {
        RouteTable table = RouteTable.of(List.of(route("a", "/a", 0), route("b", "/b", 0)));

        RouteTable replaced = table.with(route("a", "/new", 0));
        RouteTable appended = table.with(route("c", "/c", 0));
        RouteTable removed = table.without("a");

        assertThat(replaced.routes()).extracting(Route::path).containsExactly("/", "/new", "/b");
        assertThat(match(replaced, "h", "/a")).isEqualTo("*");
        assertThat(appended.routes()).extracting(Route::id).containsExactly("*", "a", "b", "c");
        assertThat(removed.routes()).extracting(Route::id).containsExactly("*", "b");
        assertThat(table.without("*")).isSameAs(table);
        assertThat(table.without("missing")).isSameAs(table);
        assertThat(table.routes()).extracting(Route::id).containsExactly("*", "a", "b");
    }

    @Test
    void duplicateIdsAreRefusedWithTheId() {
        List<Route> routes = List.of(route("a", "/a", 0), route("a", "/b", 0));

        assertThatThrownBy(() -> RouteTable.of(routes))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route already exists: a");
    }

    @Test
    void theCatchAllCannotBeDeclared() {
        assertThatThrownBy(() -> RouteTable.of(List.of(Route.catchAll())))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route already exists: *");
    }
}
