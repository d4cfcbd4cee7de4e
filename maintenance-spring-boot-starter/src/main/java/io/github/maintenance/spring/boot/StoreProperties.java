package io.github.maintenance.spring.boot;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/** Where the maintenance state is kept: {@code maintenance.store.*}. */
public class StoreProperties {

    /** memory (lost on restart), file (survives restarts) or redis (shared by a cluster; needs maintenance-redis). */
    private Type type = Type.MEMORY;

    /** The file store (type file). */
    @NestedConfigurationProperty
    private final WatchedFileProperties file = new WatchedFileProperties();

    /** The Redis store (type redis). */
    @NestedConfigurationProperty
    private final RedisStoreProperties redis = new RedisStoreProperties();

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
        REDIS
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
}
