-- The table of the maintenance-mode JDBC state store, with the default prefix "maintenance_".
-- The store creates it on first use; a DBA who prefers to create it by hand runs this (after
-- replacing the prefix if the store is built with another one) and grants the application
-- SELECT, INSERT and UPDATE on it. Portable SQL, tested on PostgreSQL and H2.
CREATE TABLE IF NOT EXISTS maintenance_state (
    store_key     VARCHAR(100) NOT NULL PRIMARY KEY,
    state_version BIGINT       NOT NULL,
    state_text    TEXT         NOT NULL,
    updated_at    BIGINT       NOT NULL
);
