package io.github.maintenance.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** The Redis store: {@code maintenance.store.redis.*}. */
public class RedisStoreProperties {

    /** redis://[[user]:password@]host[:port][/db] or rediss:// for TLS; required for type redis. */
    private String url;

    /** Prefix of the keys, one per application: 1 to 64 printable ASCII characters. */
    private String keyPrefix = "maintenance:";

    /** Connect and read time-out of commands. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration timeout = Duration.ofSeconds(2);

    /** Heartbeat on the subscription; silence of three heartbeats counts as an outage. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration heartbeat = Duration.ofSeconds(1);

    /** A file keeping the last known state, used when Redis is down at start. */
    private Path localCopy;

    /** Whether this instance publishes its counters for the cluster statistics. */
    private boolean publishCounters = false;

    /** The defaults. */
    public RedisStoreProperties() {
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Path getLocalCopy() {
        return localCopy;
    }

    public void setLocalCopy(Path localCopy) {
        this.localCopy = localCopy;
    }

    public boolean isPublishCounters() {
        return publishCounters;
    }

    public void setPublishCounters(boolean publishCounters) {
        this.publishCounters = publishCounters;
    }
}
