/**
 * A Redis state store for clusters ({@link io.github.maintenance.redis.RedisStateStore}) and the
 * cluster-wide counters it publishes. Parameters and return values are non-null unless documented
 * otherwise.
 *
 * <p>Messages on the state channels: {@code P events:deltas} carries each change as a
 * {@link io.github.maintenance.spi.StateDelta} from the version it replaces (text starting with
 * {@code delta=}) or, when the writer did not know the stored version, the whole state (text
 * starting with {@code # Maintenance state}); {@code P events} carries whole states only, for
 * instances of earlier releases, and only while some listen. A delta whose base a store does not
 * hold makes it read the whole state from Redis.
 */
package io.github.maintenance.redis;
