/**
 * A relational-database state store for clusters ({@link io.github.maintenance.jdbc.JdbcStateStore}):
 * PostgreSQL, H2 or any database with a JDBC driver. Parameters and return values are non-null
 * unless documented otherwise.
 */
package io.github.maintenance.jdbc;
