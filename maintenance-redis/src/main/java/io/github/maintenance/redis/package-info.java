/**
 * A Redis state store for clusters ({@link io.github.maintenance.redis.RedisStateStore}) and the
 * cluster-wide counters it publishes. Parameters and return values are non-null unless documented
 * otherwise.
 */
package io.github.maintenance.redis;
