/**
 * A relational-database state store for clusters ({@link io.github.maintenance.jdbc.JdbcStateStore}):
 * PostgreSQL, H2 or any database with a JDBC driver. On PostgreSQL a save notifies the other
 * instances with {@code VERSION KEY delta=…} (the change, in the
 * {@link io.github.maintenance.spi.StateDeltaFormat} text, when the saver knows the state it
 * replaces and it fits in a notification) and then {@code VERSION KEY}; a listener holding the
 * delta's base applies it without reading the state, others read it. Parameters and return values
 * are non-null unless documented otherwise.
 */
package io.github.maintenance.jdbc;
