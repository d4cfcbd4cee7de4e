package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;

/**
 * The checks of the registry's settings ({@link RegistryConfig}, {@link RegistryLimits} and the groups
 * between them): a failure names the key, the value and the rule.
 */
final class ConfigRules {

    private ConfigRules() {
    }

    /**
     * Checks one rule.
     *
     * @throws io.github.maintenance.MaintenanceException when {@code ok} is false
     */
    static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw MaintenanceErrors.invalidConfig(key, value, rule);
        }
    }

    /** Checks that {@code value} is set, and returns it. */
    static <T> T required(T value, String key) {
        require(value != null, key, null, "is required");
        return value;
    }

    /** Checks that {@code d} is set and above zero. */
    static void requirePositive(Duration d, String key) {
        require(d != null && !d.isNegative() && !d.isZero(), key, d, "must be positive");
    }

    /** Checks that {@code d} is set and not below zero. */
    static void requireNonNegative(Duration d, String key) {
        require(d != null && !d.isNegative(), key, d, "must not be negative");
    }
}
