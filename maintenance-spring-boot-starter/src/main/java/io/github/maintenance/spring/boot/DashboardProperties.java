package io.github.maintenance.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.convert.DurationUnit;

/** The dashboard: {@code maintenance.dashboard.*}. */
public class DashboardProperties {

    /** Whether the dashboard servlet is mapped. */
    private boolean enabled = false;

    /** The path the dashboard is mapped under. */
    private String path = "/maintenance";

    /** Bearer tokens that allow reading and actions (several for rotation). */
    private List<String> tokens = new ArrayList<>();

    /** A file of tokens, one per line, read at start. */
    private Path tokenFile;

    /**
     * Named bearer tokens, name to token ({@code named-tokens.alice=<token>}): changes made with
     * one are recorded with its name as actor in the audit trail. Names are 1 to 64 characters of
     * A-Z, a-z, 0-9, '.', '_' and '-'.
     */
    private Map<String, String> namedTokens = new LinkedHashMap<>();

    /** Whether loopback clients may read without a token. */
    private boolean allowLoopback = false;

    /** The page title. */
    private String title = "Maintenance dashboard";

    /** Most concurrent event streams, 1 to 10000. */
    private int maxStreams = 32;

    /** Keep-alive of idle event streams, 1s to 5m. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration heartbeat = Duration.ofSeconds(15);

    /** When an event stream is closed (the page reconnects); 0 = never. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration streamTimeout = Duration.ofMinutes(30);

    /** The defaults. */
    public DashboardProperties() {
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<String> getTokens() {
        return tokens;
    }

    public void setTokens(List<String> tokens) {
        this.tokens = tokens;
    }

    public Map<String, String> getNamedTokens() {
        return namedTokens;
    }

    public void setNamedTokens(Map<String, String> namedTokens) {
        this.namedTokens = namedTokens;
    }

    public Path getTokenFile() {
        return tokenFile;
    }

    public void setTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
    }

    public boolean isAllowLoopback() {
        return allowLoopback;
    }

    public void setAllowLoopback(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public int getMaxStreams() {
        return maxStreams;
    }

    public void setMaxStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getStreamTimeout() {
        return streamTimeout;
    }

    public void setStreamTimeout(Duration streamTimeout) {
        this.streamTimeout = streamTimeout;
    }
}
