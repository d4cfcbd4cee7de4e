package io.github.maintenance.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** The flag file: {@code maintenance.flag-file.*}. */
public class FlagFileProperties {

    /** The flag file, e.g. /var/run/myapp/.maintenance: while it exists, ALL is in maintenance. Off when not set. */
    private Path path;

    /** How often the file is looked at (file events usually report it at once), at most 1s. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration pollInterval = Duration.ofMillis(500);

    /** The defaults. */
    public FlagFileProperties() {
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
