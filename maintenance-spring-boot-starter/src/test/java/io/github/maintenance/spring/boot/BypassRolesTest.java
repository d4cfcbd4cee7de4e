package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * {@code maintenance.bypass.roles} and {@code .authenticated}: the filter moves behind the
 * authentication, here a filter at Spring Security's default order (-100) that signs in the
 * user a test header names (a stand-in: Spring Security is not on the test class path).
 */
@Timeout(60)
class BypassRolesTest {

    @RegisterExtension
    final BootApps apps = new BootApps(AuthenticatedApp.class);

    /** The test application with an authentication filter where Spring Security's would be. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestWebApp.Endpoints.class)
    public static class AuthenticatedApp {

        /** Created by Spring. */
        public AuthenticatedApp() {
        }

        /** Signs in {@code X-Test-User}: alice (ops) or bob (user). */
        @Bean
        public FilterRegistrationBean<Filter> testAuthentication() {
            FilterRegistrationBean<Filter> r = new FilterRegistrationBean<>(new SignInFilter());
            r.setOrder(-100);
            r.setAsyncSupported(true);
            return r;
        }
    }

    static final class SignInFilter implements Filter {
        private static final Map<String, Set<String>> USERS = Map.of("alice", Set.of("ops"), "bob", Set.of("user"));

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            String name = request.getHeader("X-Test-User");
            Set<String> roles = name == null ? null : USERS.get(name);
            if (roles == null) {
                chain.doFilter(req, res);
                return;
            }
            Principal user = () -> name;
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public Principal getUserPrincipal() {
                    return user;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return roles.contains(role);
                }
            }, res);
        }
    }

    @Test
    void aRoleLetsTheUserThroughBecauseTheFilterRunsAfterTheAuthentication() {
        BootApp app = apps.start("maintenance.bypass.roles=ops,release");
        app.bean(MaintenanceController.class).enter("ALL");

        HttpResponse<String> alice = app.get("/hello", "X-Test-User", "alice");
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).isEqualTo("hello");
        assertThat(alice.headers().firstValue("Cache-Control")).as("bypassed: private").hasValue("private");
        assertThat(app.get("/hello", "X-Test-User", "bob").statusCode()).isEqualTo(503);
        assertThat(app.get("/hello").statusCode()).isEqualTo(503);
        assertThat(registration(app).getOrder()).isEqualTo(-99);
    }

    @Test
    void authenticatedLetsEverySignedInUserThroughAndFollowsSpringSecuritysOrder() {
        BootApp app = apps.start("maintenance.bypass.authenticated=true", "spring.security.filter.order=-50");
        app.bean(MaintenanceController.class).enter("ALL");

        assertThat(registration(app).getOrder()).isEqualTo(-49);
        assertThat(app.get("/hello", "X-Test-User", "bob").statusCode()).isEqualTo(200);
        assertThat(app.get("/hello").statusCode()).isEqualTo(503);
    }

    @Test
    void anExplicitFilterOrderWins() {
        BootApp app = apps.start("maintenance.bypass.roles=ops", "maintenance.filter-order=-200");
        app.bean(MaintenanceController.class).enter("ALL");

        assertThat(registration(app).getOrder()).isEqualTo(-200);
        assertThat(app.get("/hello", "X-Test-User", "alice").statusCode()).as("before the authentication: no role")
                .isEqualTo(503);
    }

    @Test
    void aBadRoleStopsTheStartNamingTheProperty() {
        Throwable t = catchThrowable(() -> apps.start("maintenance.bypass.roles=ops,*"));
        StringBuilder messages = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.append(c.getMessage()).append('\n');
        }
        assertThat(messages.toString()).contains("maintenance.bypass.roles").contains("bypassAuthenticated");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static FilterRegistrationBean<?> registration(BootApp app) {
        Map<String, FilterRegistrationBean> all = app.context().getBeansOfType(FilterRegistrationBean.class);
        return all.values().stream().filter(r -> r.getFilter() instanceof MaintenanceFilter).findFirst().orElseThrow();
    }
}
