package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.servlet.access.CorsPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated settings for front ends: the CORS headers of the filter's own responses and the
 * status endpoint. Part of {@link FilterSettings}.
 *
 * @param cors the CORS policy of the responses the filter writes
 * @param statusPath the normalized path of the status endpoint, or {@code null} when it is off
 * @param statusMaxAge how long answers of the status endpoint may be cached
 */
record FrontEndSettings(CorsPolicy cors, String statusPath, Duration statusMaxAge) {

    /** The front-end settings as given to {@link FilterSettings.Builder}, with their defaults; not thread-safe. */
    static final class Draft {
        final List<String> corsAllowedOrigins = new ArrayList<>();
        boolean corsAllowCredentials;
        String statusPath;
        Duration statusMaxAge = FilterSettings.DEFAULT_STATUS_MAX_AGE;

        /**
         * Validates the CORS settings, then the status path, then its cache time, and builds.
         *
         * @param readinessPath the normalized readiness path, which the status path may not be, or {@code null}
         * @throws io.github.maintenance.MaintenanceException naming the first invalid value
         */
        FrontEndSettings build(String readinessPath) {
            CorsPolicy cors = CorsPolicy.of(corsAllowedOrigins, corsAllowCredentials);
            String path = ParameterValues.optionalPath(InitParameters.STATUS_PATH, statusPath);
            if ("/".equals(path)) {
                throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_PATH, statusPath,
                        "must not be / (it would answer every request to the root)");
            }
            if (path != null && path.equals(readinessPath)) {
                throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_PATH, statusPath, "is also the readiness path");
            }
            if (statusMaxAge == null || statusMaxAge.isNegative() || statusMaxAge.getNano() != 0
                    || statusMaxAge.compareTo(Duration.ofHours(1)) > 0) {
                throw MaintenanceErrors.invalidConfig(InitParameters.STATUS_MAX_AGE, statusMaxAge, "0s to 1h in whole seconds");
            }
            return new FrontEndSettings(cors, path, statusMaxAge);
        }
    }
}
