package io.github.maintenance.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** The file store: {@code maintenance.store.file.*}. */
public class FileStoreProperties {

    /** The state file, e.g. /var/lib/myapp/maintenance-state.properties; required for type file. */
    private Path path;

    /** How often changes by other processes sharing the file are looked for. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration pollInterval = Duration.ofMillis(500);

    /** The defaults. */
    public FileStoreProperties() {
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
