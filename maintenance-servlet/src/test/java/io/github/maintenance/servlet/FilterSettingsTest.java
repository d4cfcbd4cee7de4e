package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.servlet.access.CorsPolicy;
import io.github.maintenance.servlet.access.ForwardedHeader;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link FilterSettings.Builder#build()} keeps, derives and refuses, and in which order. */
class FilterSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        FilterSettings s = FilterSettings.ofDefaults();
        assertThat(s.statusCode()).isEqualTo(503);
        assertThat(s.exemptPaths().matches("/robots.txt")).isTrue();
        assertThat(s.exemptPaths().matches("/health")).isFalse();
        assertThat(s.allowedIps().isEmpty()).isTrue();
        assertThat(s.trustedProxies().isEmpty()).isTrue();
        assertThat(s.forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
        assertThat(s.readinessPath()).isNull();
        assertThat(s.bypass()).isNull();
        assertThat(s.redirect()).isNull();
        assertThat(s.retryAfterAsDate()).isTrue();
        assertThat(s.holdMaxRequests()).isEqualTo(1000);
        assertThat(s.holdTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.bypassRoles()).isEmpty();
        assertThat(s.bypassAuthenticated()).isFalse();
        assertThat(s.bypassWhen()).isNull();
        assertThat(s.cors()).isEqualTo(CorsPolicy.none());
        assertThat(s.statusPath()).isNull();
        assertThat(s.statusMaxAge()).isEqualTo(FilterSettings.DEFAULT_STATUS_MAX_AGE);
        assertThat(s.readOnlyRule().allows("POST", "/login")).isFalse();
        assertThat(s).hasToString("statusCode=503, exemptPaths=" + s.exemptPaths() + ", allowedIps="
                + s.allowedIps() + ", trustedProxies=" + s.trustedProxies()
                + ", forwardedHeader=X-Forwarded-For, readinessPath=null, proxy=" + s.proxy()
                + ", bypass=off, redirect=off, bypassRoles=[], bypassAuthenticated=false, bypassWhen=off, cors="
                + s.cors() + ", statusPath=off");
    }

    @Test
    void everySettingIsKeptAndNormalized() {
        Predicate<HttpServletRequest> rule = r -> false;
        FilterSettings.Builder b = FilterSettings.custom().statusCode(500).exemptPaths("/health").exemptRobotsTxt(false)
                .allowedIps("127.0.0.1", "::1").trustedProxies("127.0.0.0/8").forwardedHeader(ForwardedHeader.FORWARDED)
                .readinessPath(" /ready ").retryAfterAsDate(false).holdMaxRequests(7).holdTimeout(Duration.ofSeconds(9))
                .readOnlyAllow("post /login").proxyTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3))
                .bypassSecret("0123456789abcdef").bypassPath("/let-in").bypassCookieName("pass")
                .bypassTtl(Duration.ofHours(1)).redirect("/down", 307).bypassRoles("ops", "admin")
                .bypassAuthenticated(true).bypassWhen(rule).corsAllowedOrigins("http://127.0.0.1:8080")
                .corsAllowCredentials(true).statusPath(" /maintenance-status ").statusMaxAge(Duration.ZERO);
        FilterSettings s = b.build();
        assertThat(s.statusCode()).isEqualTo(500);
        assertThat(s.exemptPaths().matches("/health/x")).isTrue();
        assertThat(s.exemptPaths().matches("/robots.txt")).isFalse();
        assertThat(s.allowedIps().isEmpty()).isFalse();
        assertThat(s.trustedProxies().isEmpty()).isFalse();
        assertThat(s.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
        assertThat(s.readinessPath()).isEqualTo("/ready");
        assertThat(s.retryAfterAsDate()).isFalse();
        assertThat(s.holdMaxRequests()).isEqualTo(7);
        assertThat(s.holdTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(s.readOnlyRule().allows("POST", "/login/x")).isTrue();
        assertThat(s.proxy().readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.bypass().cookieName()).isEqualTo("pass");
        assertThat(s.redirect().status()).isEqualTo(307);
        assertThat(s.bypassRoles()).containsExactlyInAnyOrder("ops", "admin");
        assertThatThrownBy(() -> s.bypassRoles().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.bypassAuthenticated()).isTrue();
        assertThat(s.bypassWhen()).isSameAs(rule);
        assertThat(s.cors()).isNotEqualTo(CorsPolicy.none());
        assertThat(s.statusPath()).isEqualTo("/maintenance-status");
        assertThat(s.statusMaxAge()).isEqualTo(Duration.ZERO);
        assertThat(s.toString()).doesNotContain("0123456789abcdef")
                .contains("forwardedHeader=" + s.forwardedHeader() + ", readinessPath=/ready, proxy=" + s.proxy()
                        + ", bypass=" + s.bypass() + ", redirect=" + s.redirect() + ", bypassRoles=" + s.bypassRoles()
                        + ", bypassAuthenticated=true, bypassWhen=set, cors=" + s.cors()
                        + ", statusPath=/maintenance-status");
        // The builder may build again, and later changes do not reach settings already built.
        b.bypassRoles("more").statusPath(null);
        FilterSettings again = b.build();
        assertThat(again.bypassRoles()).containsExactlyInAnyOrder("ops", "admin", "more");
        assertThat(again.statusPath()).isNull();
        assertThat(s.bypassRoles()).containsExactlyInAnyOrder("ops", "admin");
        assertThat(s.statusPath()).isEqualTo("/maintenance-status");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(b -> b.statusCode(199), "invalid value for 'statusCode': '199' (must be 200 to 599)"),
                bad(b -> b.proxy(null), "invalid value for 'proxy': 'null' (is required)"),
                bad(b -> b.forwardedHeader(null), "invalid value for 'forwardedHeader': 'null' (is required)"),
                bad(b -> b.exemptPaths("health"), "invalid value for 'exemptPaths': '[health]'"),
                bad(b -> b.allowedIps("127.0.0.300"), "invalid value for 'allowedIps'"),
                bad(b -> b.trustedProxies("::1/129"), "invalid value for 'trustedProxies'"),
                bad(b -> b.readinessPath("ready"), "invalid value for 'readinessPath': 'ready'"),
                bad(b -> b.bypassSecret("short"), "invalid value for 'bypassSecret'"),
                bad(b -> b.redirect("/down", 301), "invalid value for 'redirectStatus': '301' (302 or 307)"),
                bad(b -> b.holdMaxRequests(0), "invalid value for 'holdMaxRequests': '0' (1 to 100000)"),
                bad(b -> b.holdTimeout(Duration.ofMinutes(6)), "invalid value for 'holdTimeout': 'PT6M' (1s to 5m)"),
                bad(b -> b.holdTimeout(null), "invalid value for 'holdTimeout': 'null' (1s to 5m)"),
                bad(b -> b.readOnlyAllow("POST"),
                        "invalid value for 'readOnlyAllow': 'POST' (expected 'METHOD /path' pairs, got 'POST')"),
                bad(b -> b.bypassRoles(""), "invalid value for 'bypassRoles': '' (a role name of 1 to 128 characters)"),
                bad(b -> b.bypassRoles("**"), "invalid value for 'bypassRoles': '**' (not a role; to let every"
                        + " signed-in user through use bypassAuthenticated)"),
                bad(b -> b.bypassRoles("a b"), "invalid value for 'bypassRoles': 'a b' (a role name may not contain"
                        + " whitespace, control characters or ',')"),
                bad(b -> b.corsAllowCredentials(true), "invalid value for 'corsAllowCredentials'"),
                bad(b -> b.statusPath("/"), "invalid value for 'statusPath': '/' (must not be / (it would answer"
                        + " every request to the root))"),
                bad(b -> b.readinessPath("/ready").statusPath("/ready/"),
                        "invalid value for 'statusPath': '/ready/' (is also the readiness path)"),
                bad(b -> b.statusMaxAge(Duration.ofMillis(1500)),
                        "invalid value for 'statusMaxAge': 'PT1.5S' (0s to 1h in whole seconds)"),
                bad(b -> b.statusMaxAge(Duration.ofSeconds(-1)),
                        "invalid value for 'statusMaxAge': 'PT-1S' (0s to 1h in whole seconds)"));
    }

    private static Arguments bad(Consumer<FilterSettings.Builder> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void aBadValueIsRefusedNamingItsKey(Consumer<FilterSettings.Builder> change, String message) {
        FilterSettings.Builder b = FilterSettings.custom();
        change.accept(b);
        assertThatThrownBy(b::build).isInstanceOf(MaintenanceException.class).hasMessageStartingWith(message);
    }

    @Test
    void theFirstBadSettingInBuildOrderIsTheOneReported() {
        assertThatThrownBy(() -> FilterSettings.custom().statusPath("/").bypassRoles("*").holdMaxRequests(0)
                .redirect("/down", 301).allowedIps("127.0.0.300").forwardedHeader(null).statusCode(600).build())
                .hasMessageContaining("'statusCode'");
        assertThatThrownBy(() -> FilterSettings.custom().statusPath("/").bypassRoles("*").holdMaxRequests(0)
                .redirect("/down", 301).allowedIps("127.0.0.300").forwardedHeader(null).build())
                .hasMessageContaining("'forwardedHeader'");
        assertThatThrownBy(() -> FilterSettings.custom().statusPath("/").bypassRoles("*").holdMaxRequests(0)
                .redirect("/down", 301).allowedIps("127.0.0.300").build())
                .hasMessageContaining("'allowedIps'");
        assertThatThrownBy(() -> FilterSettings.custom().statusPath("/").bypassRoles("*").holdMaxRequests(0)
                .redirect("/down", 301).build())
                .hasMessageContaining("'redirectStatus'");
        assertThatThrownBy(() -> FilterSettings.custom().statusPath("/").bypassRoles("*").holdMaxRequests(0).build())
                .hasMessageContaining("'holdMaxRequests'");
        assertThatThrownBy(() -> FilterSettings.custom().statusPath("/").bypassRoles("*").build())
                .hasMessageContaining("'bypassRoles'");
    }
}
