package io.github.maintenance.registry;

import static io.github.maintenance.registry.ConfigRules.require;
import static io.github.maintenance.registry.ConfigRules.requirePositive;

import io.github.maintenance.UrlPolicy;

import java.time.Duration;

/**
 * What a {@link RegistryServer} fetches and for how long: the URL policy, whether MAINT_EXIT waits for
 * the backends, the verification budgets (each below the Go client's wait) and the time-outs of one
 * attempt and of BACKEND_TEST. Part of a {@link RegistryConfig}; validated on construction.
 *
 * @param urlPolicy                 the policy, or {@code null} for the controller's
 * @param verifyBackendOnExit       whether MAINT_EXIT waits for the routes' backend URLs
 * @param enterVerificationTimeout  positive, below {@link RegistryConfig#CLIENT_ENTER_WAIT}
 * @param exitVerificationTimeout   positive, below {@link RegistryConfig#CLIENT_EXIT_WAIT}
 * @param verificationRetryInterval positive
 * @param connectTimeout            positive
 * @param readTimeout               positive
 * @param backendTestTimeout        positive
 */
record OutboundSettings(UrlPolicy urlPolicy, boolean verifyBackendOnExit, Duration enterVerificationTimeout,
        Duration exitVerificationTimeout, Duration verificationRetryInterval, Duration connectTimeout,
        Duration readTimeout, Duration backendTestTimeout) {

    OutboundSettings {
        requirePositive(enterVerificationTimeout, "enterVerificationTimeout");
        require(enterVerificationTimeout.compareTo(RegistryConfig.CLIENT_ENTER_WAIT) < 0, "enterVerificationTimeout",
                enterVerificationTimeout, "must stay below the Go client's 30s");
        requirePositive(exitVerificationTimeout, "exitVerificationTimeout");
        require(exitVerificationTimeout.compareTo(RegistryConfig.CLIENT_EXIT_WAIT) < 0, "exitVerificationTimeout",
                exitVerificationTimeout, "must stay below the Go client's 10s");
        requirePositive(verificationRetryInterval, "verificationRetryInterval");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(backendTestTimeout, "backendTestTimeout");
    }

    /** The settings as the start-up log shows them (the time budgets left out). */
    @Override
    public String toString() {
        return "verifyBackendOnExit=" + verifyBackendOnExit
                + ", urls=" + (urlPolicy == null ? "controller's policy" : urlPolicy);
    }
}
