package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.convert.DurationUnit;

/** The bypass secret: {@code maintenance.bypass.*}. */
public class BypassProperties {

    /**
     * The secret: 16 to 256 letters, digits, '-', '.', '_', '~' (or env:NAME). Opening /secret (under
     * the path) sets a cookie that lets the browser through. No bypass when not set.
     */
    private String secret;

    /** The path under which the secret URL lies. */
    private String path = "/";

    /** Name of the bypass cookie. */
    private String cookieName = "maintenance_bypass";

    /** How long a bypass cookie is valid, 1s to 30d. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration ttl = Duration.ofHours(12);

    /**
     * Roles of which any lets a request through (request.isUserInRole; with Spring Security
     * without the ROLE_ prefix). Setting it, or authenticated, moves the maintenance filter just
     * after Spring Security's filter chain (spring.security.filter.order + 1), so that the user is
     * known when it asks.
     */
    private List<String> roles = new ArrayList<>();

    /**
     * Whether every authenticated request (request.getUserPrincipal() != null) passes. Like roles,
     * it moves the maintenance filter after Spring Security's.
     */
    private boolean authenticated = false;

    /** The defaults. */
    public BypassProperties() {
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getCookieName() {
        return cookieName;
    }

    public void setCookieName(String cookieName) {
        this.cookieName = cookieName;
    }

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }
}
