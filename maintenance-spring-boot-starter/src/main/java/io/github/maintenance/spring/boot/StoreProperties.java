package io.github.maintenance.spring.boot;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/** Where the maintenance state is kept: {@code maintenance.store.*}. */
public class StoreProperties {

    /**
     * memory (lost on restart), file (survives restarts), redis (shared by a cluster; needs
     * maintenance-redis) or jdbc (shared by a cluster through a database; needs maintenance-jdbc).
     */
    private Type type = Type.MEMORY;

    /** The file store (type file). */
    @NestedConfigurationProperty
    private final WatchedFileProperties file = new WatchedFileProperties();

    /** The Redis store (type redis). */
    @NestedConfigurationProperty
    private final RedisStoreProperties redis = new RedisStoreProperties();

    /** The JDBC store (type jdbc). */
    @NestedConfigurationProperty
    private final JdbcStoreProperties jdbc = new JdbcStoreProperties();

    /** The defaults. */
    public StoreProperties() {
    }

    /** The kinds of store. */
    public enum Type {
        /** In memory: one JVM, lost on restart. */
        MEMORY,
        /** A file: survives restarts and crashes. */
        FILE,
        /** Redis: shared by every instance of a cluster. */
        REDIS,
        /** A relational database (the application's DataSource or a JDBC URL): shared by every instance of a cluster. */
        JDBC
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public WatchedFileProperties getFile() {
        return file;
    }

    public RedisStoreProperties getRedis() {
        return redis;
    }

    public JdbcStoreProperties getJdbc() {
        return jdbc;
    }
}
