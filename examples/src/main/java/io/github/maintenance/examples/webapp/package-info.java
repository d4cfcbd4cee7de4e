/**
 * The servlet of the {@code web.xml} example webapp ({@code examples/src/main/webapp}), in which
 * {@link io.github.maintenance.servlet.MaintenanceFilter} is configured only through
 * init-parameters. Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.examples.webapp;
