package io.github.maintenance.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void aBuiltRouteIsNormalised() {
        Route r = Route.builder("api-v1_2.x:y/z@w~").path("/api/").domains("Shop.Example.COM.", "*.Example.com", "*")
                .priority(7).exemptPaths("/api/health/").backend("http://backend:8080/base").build();

        assertThat(r.id()).isEqualTo("api-v1_2.x:y/z@w~");
        assertThat(r.path()).isEqualTo("/api");
        assertThat(r.domains()).containsExactly("shop.example.com", "*.example.com");
        assertThat(r.priority()).isEqualTo(7);
        assertThat(r.exemptPaths()).containsExactly("/api/health");
        assertThat(r.backend()).isEqualTo("http://backend:8080/base");
        assertThat(r.isCatchAll()).isFalse();
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    void anOwnerIsInformationalValidatedAndPartOfEquality() {
        Route r = Route.builder("r1").owner("registry:web/10.0.0.7").build();

        assertThat(r.owner()).isEqualTo("registry:web/10.0.0.7");
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(r.toBuilder().owner(null).build()).isNotEqualTo(r);
        assertThat(Route.builder("r1").owner("").build().owner()).isNull();
        assertThatThrownBy(() -> Route.builder("r1").owner("a\nb").build())
                .hasMessage("invalid route owner 'a?b': must not contain control characters");
        assertThatThrownBy(() -> Route.builder("r1").owner("x".repeat(257)).build())
                .hasMessageStartingWith("invalid route owner 'xxx").hasMessageEndingWith("longer than 256 characters");
    }

    @Test
    void defaultsAreAnyHostRootPathPriorityZero() {
        Route r = Route.builder("r").build();

        assertThat(r.domains()).isEmpty();
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.priority()).isZero();
        assertThat(r.backend()).isNull();
        assertThat(r.owner()).isNull();
        assertThat(r.servesHost("anything.org")).isTrue();
        assertThat(r.namesHost("anything.org")).isFalse();
    }

    @Test
    void hostAndPathPredicates() {
        Route r = Route.builder("r").path("/api").domains("*.example.com").exemptPaths("/api/health").build();

        assertThat(r.servesHost("a.example.com")).isTrue();
        assertThat(r.namesHost("a.example.com")).isTrue();
        assertThat(r.servesHost("example.com")).isFalse();
        assertThat(r.coversPath("/api/x")).isTrue();
        assertThat(r.coversPath("/apix")).isFalse();
        assertThat(r.isExempt("/api/health/live")).isTrue();
        assertThat(r.isExempt("/api/healthy")).isFalse();
        assertThat(Route.prefixCovers("/", "/anything")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''           | invalid route id '': id cannot be empty",
        "ALL          | invalid route id 'ALL': ALL is reserved for the whole application",
        "*            | invalid route id '*': '*' is the implicit catch-all route",
        "/admin       | invalid route id '/admin': must not start with '/' (that is a path target)",
        "a b          | invalid route id 'a b': allowed are letters, digits and _-.:/@~",
        "é            | invalid route id 'é': allowed are letters, digits and _-.:/@~",
        "a,b          | invalid route id 'a,b': allowed are letters, digits and _-.:/@~",
    })
    void badIdsAreRefusedWithTheRule(String id, String message) {
        assertThatThrownBy(() -> Route.builder(id).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage(message);
    }

    @Test
    void nullAndOverlongIdsAreRefused() {
        assertThatThrownBy(() -> Route.builder(null).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route id 'null': id cannot be empty");
        String longId = "x".repeat(Route.MAX_ID_LENGTH + 1);
        assertThatThrownBy(() -> Route.builder(longId).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith(": longer than 128 characters");
        assertThat(Route.builder("x".repeat(Route.MAX_ID_LENGTH)).build().id()).hasSize(128);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''        | invalid route path '': path cannot be empty",
        "api       | invalid route path 'api': path must start with /",
        "/a b      | invalid route path '/a b': must not contain spaces, control characters, '?', '#' or '\\'",
        "/a?x=1    | invalid route path '/a?x=1': must not contain spaces, control characters, '?', '#' or '\\'",
        "/a#top    | invalid route path '/a#top': must not contain spaces, control characters, '?', '#' or '\\'",
        "/a//b     | invalid route path '/a//b': must not contain empty, '.' or '..' segments",
        "/a/./b    | invalid route path '/a/./b': must not contain empty, '.' or '..' segments",
        "/a/../b   | invalid route path '/a/../b': must not contain empty, '.' or '..' segments",
        "/a/..     | invalid route path '/a/..': must not contain empty, '.' or '..' segments",
    })
    void badPathsAreRefusedWithTheRule(String path, String message) {
        assertThatThrownBy(() -> Route.builder("r").path(path).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage(message);
    }

    @Test
    void controlCharactersInPathsAreRefusedAndNotEchoed() {
        assertThatThrownBy(() -> Route.builder("r").path("/a\nb").build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid route path '/a?b'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void badExemptPathsAreRefusedToo() {
        assertThatThrownBy(() -> Route.builder("r").exemptPaths("health").build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route path 'health': path must start with /");
    }

    @Test
    void pathsAreNormalised() {
        assertThat(Route.normalizePath("/")).isEqualTo("/");
        assertThat(Route.normalizePath("/api/")).isEqualTo("/api");
        assertThat(Route.normalizePath("/api///")).isEqualTo("/api");
        assertThat(Route.normalizePath("/a/b")).isEqualTo("/a/b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "exa mple.com",
        "a..b",
        "-bad-/x",
        "*.",
        "*.*.example.com",
        "example.com:8080",
        "a.*.example.com",
    })
    void badDomainsAreRefusedWithTheRule(String domain) {
        assertThatThrownBy(() -> Route.builder("r").domains(domain).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route domain '" + domain + "': expected a host name or a *.suffix wildcard");
    }

    @Test
    void domainsAreNormalised() {
        assertThat(Route.normalizeDomain("Example.COM.")).isEqualTo("example.com");
        assertThat(Route.normalizeDomain("  *.Example.com ")).isEqualTo("*.example.com");
        assertThat(Route.normalizeDomain("*")).isNull();
        assertThat(Route.normalizeDomain("")).isNull();
        assertThat(Route.normalizeDomain(null)).isNull();
        assertThat(Route.builder("r").domains("a.example.com", "A.EXAMPLE.com").build().domains())
                .containsExactly("a.example.com");
    }

    @Test
    void aBackendMustBeAnAbsoluteHttpUrl() {
        assertThatThrownBy(() -> Route.builder("r").backend("ftp://files.example.com").build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route backend 'ftp://files.example.com': expected an absolute http or https URL");
        assertThatThrownBy(() -> Route.builder("r").backend("not a url").build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("expected an absolute http or https URL");
        assertThat(Route.builder("r").backend("").build().backend()).isNull();
    }

    @Test
    void aConfigWithTwoRoutesOfOneIdIsRefused() {
        MaintenanceConfig.Builder b = MaintenanceConfig.custom().route(Route.builder("dup").path("/a").build())
                .route(Route.builder("dup").path("/b").build());

        assertThatThrownBy(b::build)
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route already exists: dup");
    }
}
