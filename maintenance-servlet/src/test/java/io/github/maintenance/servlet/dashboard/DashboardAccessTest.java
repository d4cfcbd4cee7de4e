package io.github.maintenance.servlet.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The header parsing behind {@link DashboardAccess}; the decisions are tested over HTTP in DashboardAccessIT. */
class DashboardAccessTest {

    @Test
    void bearerTokensAreTakenFromTheAuthorizationHeader() {
        assertThat(DashboardAccess.bearerToken("Bearer abc.DEF-123_~+/=")).isEqualTo("abc.DEF-123_~+/=");
        assertThat(DashboardAccess.bearerToken("bearer   abc  ")).isEqualTo("abc");
        assertThat(DashboardAccess.bearerToken("BEARER abc")).isEqualTo("abc");
        assertThat(DashboardAccess.bearerToken("Bearer")).isNull();
        assertThat(DashboardAccess.bearerToken("Bearer ")).isNull();
        assertThat(DashboardAccess.bearerToken("Basic YTpi")).isNull();
        assertThat(DashboardAccess.bearerToken("Bearerabc")).isNull();
        assertThat(DashboardAccess.bearerToken("Bearer a b")).isNull();
        assertThat(DashboardAccess.bearerToken("Bearer \u00e9t\u00e9")).isNull();
        assertThat(DashboardAccess.bearerToken("Bearer " + "x".repeat(2000))).isNull();
    }

    @Test
    void onlyLoopbackNamesAndAddressesAreLoopbackHosts() {
        assertThat(DashboardAccess.isLoopbackHost("localhost")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("LOCALHOST:8080")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("app.localhost:8080")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("localhost.:80")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("127.0.0.1:8080")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("127.1.2.3")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("[::1]:8080")).isTrue();
        assertThat(DashboardAccess.isLoopbackHost("[::1]")).isTrue();

        assertThat(DashboardAccess.isLoopbackHost(null)).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("example.com")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("localhost.example.com")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("127.0.0.1.nip.io")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("10.0.0.1:8080")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("localhost:http")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("[::1")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("[::1]x")).isFalse();
        assertThat(DashboardAccess.isLoopbackHost("[2001:db8::1]:80")).isFalse();
    }
}
