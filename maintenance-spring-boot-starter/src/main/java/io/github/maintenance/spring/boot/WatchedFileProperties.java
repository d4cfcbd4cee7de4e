package io.github.maintenance.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/**
 * A file the starter watches, and how often it looks at it: the file store
 * ({@code maintenance.store.file.*}) and the flag file ({@code maintenance.flag-file.*}). Each
 * property's own description is in {@code META-INF/additional-spring-configuration-metadata.json}.
 */
public class WatchedFileProperties {

    /** The file. */
    private Path path;

    /** How often the file is looked at for changes made by other processes. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration pollInterval = Duration.ofMillis(500);

    /** The defaults: no file, looked at every 500 ms. */
    public WatchedFileProperties() {
    }

    public Path getPath() {
        return path;
    }

    public void setPath(Path path) {
        this.path = path;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }
}
