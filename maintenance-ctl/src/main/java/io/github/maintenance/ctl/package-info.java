/**
 * {@code maintenancectl}, the command-line client of the registry, on picocli: the top command
 * ({@link io.github.maintenance.ctl.MaintenanceCtl}, with the global options and the exit
 * statuses), one class per subcommand, and the small blocking protocol client they use
 * ({@link io.github.maintenance.ctl.RegistryClient}). Targets and durations are checked with the
 * core's rules before anything is sent. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.ctl;
