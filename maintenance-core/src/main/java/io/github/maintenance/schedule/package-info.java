/**
 * Scheduled maintenance windows: maintenance that starts and ends by itself on the controller's
 * clock. Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.schedule;
