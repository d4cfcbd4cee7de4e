/**
 * {@code maintenancectl}, the command-line client of the registry
 * ({@link io.github.maintenance.registry.cli.MaintenanceCtl}), and the small blocking protocol
 * client it uses ({@link io.github.maintenance.registry.cli.RegistryClient}). Parameters and
 * return values are non-null unless documented otherwise.
 */
package io.github.maintenance.registry.cli;
