/**
 * Protection of the control planes against token guessing: {@link io.github.maintenance.security.AttemptLimiter}
 * throttles failed authentication attempts per client source, shared by the dashboard and the registry.
 * Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.security;
