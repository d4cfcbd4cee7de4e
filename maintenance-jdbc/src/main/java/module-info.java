/** The JDBC state store of the maintenance mode: shared state in a relational database. */
module io.github.maintenance.jdbc {
    requires transitive io.github.maintenance.core;
    requires transitive java.sql;
    requires org.slf4j;
    requires static org.postgresql.jdbc;

    exports io.github.maintenance.jdbc;
}
