/**
 * The registry: a TCP control server speaking the V2 registry protocol (wire-compatible with its
 * public Go client) that drives a {@link io.github.maintenance.MaintenanceController}. Start it
 * with {@link io.github.maintenance.registry.RegistryServer#start}; configure it with
 * {@link io.github.maintenance.registry.RegistryConfig}. The protocol is described in
 * docs/registry-protocol.md. Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.registry;
