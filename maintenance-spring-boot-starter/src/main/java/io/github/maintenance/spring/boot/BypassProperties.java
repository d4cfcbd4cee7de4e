package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

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
}
