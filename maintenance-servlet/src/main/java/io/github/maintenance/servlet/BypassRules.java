package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The validated settings of who else may pass a block, beyond addresses and secrets: the user's
 * roles, any authenticated user, the application's own rule. Part of {@link FilterSettings}.
 *
 * @param roles the roles of which any lets a request pass; immutable, empty for none
 * @param authenticated whether any authenticated request passes
 * @param when the application's rule, or {@code null} for none
 */
record BypassRules(Set<String> roles, boolean authenticated, Predicate<HttpServletRequest> when) {

    /** The bypass rules as given to {@link FilterSettings.Builder}; not thread-safe. */
    static final class Draft {
        final Set<String> roles = new LinkedHashSet<>();
        boolean authenticated;
        Predicate<HttpServletRequest> when;

        /**
         * Validates the role names and builds.
         *
         * @throws io.github.maintenance.MaintenanceException naming the first invalid role
         */
        BypassRules build() {
            for (String role : roles) {
                checkRole(role);
            }
            return new BypassRules(Set.copyOf(roles), authenticated, when);
        }

        private static void checkRole(String role) {
            if (role == null || role.isEmpty() || role.length() > 128) {
                throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_ROLES, role, "a role name of 1 to 128 characters");
            }
            if (role.equals("*") || role.equals("**")) {
                throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_ROLES, role,
                        "not a role; to let every signed-in user through use " + InitParameters.BYPASS_AUTHENTICATED);
            }
            for (int i = 0; i < role.length(); i++) {
                char c = role.charAt(i);
                if (c <= ' ' || c == 0x7f || c == ',' || Character.isWhitespace(c)) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_ROLES, role,
                            "a role name may not contain whitespace, control characters or ','");
                }
            }
        }
    }
}
