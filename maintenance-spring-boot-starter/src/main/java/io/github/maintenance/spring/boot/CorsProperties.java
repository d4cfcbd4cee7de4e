package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.List;

/** CORS on the filter's own responses (maintenance page, drain rejections, status endpoint): {@code maintenance.cors.*}. */
public class CorsProperties {

    /**
     * Origins whose scripts may read the maintenance responses, such as https://app.example.test
     * (exact scheme://host[:port]), or * alone for any origin. Preflights to blocked routes are then
     * answered by the filter. None by default.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Whether listed origins also get Access-Control-Allow-Credentials: true (not with *). */
    private boolean allowCredentials = false;

    /** The defaults. */
    public CorsProperties() {
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public boolean isAllowCredentials() {
        return allowCredentials;
    }

    public void setAllowCredentials(boolean allowCredentials) {
        this.allowCredentials = allowCredentials;
    }
}
