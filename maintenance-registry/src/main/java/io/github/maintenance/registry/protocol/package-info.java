/**
 * The registry wire protocol without any I/O policy: command names and their field counts,
 * splitting a line into fields, a bounded line reader, reply lines and error texts, JSON payloads
 * with {@code |} escaped, timestamps and durations as the Go client writes and reads them, and the
 * validation of route fields. Used by the server and by the {@code maintenancectl} client alike.
 * Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.registry.protocol;
