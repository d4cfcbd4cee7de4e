/**
 * Micrometer meters for a {@link io.github.maintenance.MaintenanceController}:
 * {@link io.github.maintenance.micrometer.MaintenanceMetrics} is a {@code MeterBinder} that works with
 * any {@code MeterRegistry}, with or without Spring. Parameters and return values are non-null
 * unless documented otherwise.
 */
package io.github.maintenance.micrometer;
