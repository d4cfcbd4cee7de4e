/**
 * Maintenance mode for Java web applications: the controller facade, its configuration, targets,
 * causes and the request-path decision. Nothing in this package or its sub-packages depends on
 * anything but SLF4J. Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance;
