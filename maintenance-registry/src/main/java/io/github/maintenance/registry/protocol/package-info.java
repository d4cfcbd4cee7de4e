/**
 * The registry wire protocol without any I/O policy: command names and their field counts,
 * splitting a line into fields, a bounded line reader, reply lines and error texts, JSON payloads
 * with {@code |} escaped, timestamps and durations as the Go client writes and reads them, the
 * validation of route fields, and the parsing of each command into a typed
 * {@link io.github.maintenance.registry.protocol.Request}
 * ({@link io.github.maintenance.registry.protocol.CommandParser}), the maintenance, drain and
 * schedule commands into the core's change records. Used by the server and by the
 * {@code maintenancectl} client alike; described in docs/registry-protocol.md. Parameters and
 * return values are non-null unless documented otherwise.
 */
package io.github.maintenance.registry.protocol;
