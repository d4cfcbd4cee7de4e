package io.github.maintenance.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** The JDBC store: {@code maintenance.store.jdbc.*}. */
public class JdbcStoreProperties {

    /**
     * A JDBC URL of a database of its own (its driver on the class path), instead of the
     * application's DataSource, which is used when this is not set.
     */
    private String url;

    /** The user for url; none when not set (or given in the URL). */
    private String username;

    /** The password for url; none when not set (or given in the URL). */
    private String password;

    /**
     * Prefix of the table name: 1 to 40 letters, digits and underscores, not starting with a digit
     * (the table is PREFIXstate).
     */
    private String tablePrefix = "maintenance_";

    /**
     * The row of the state table this application uses: 1 to 100 printable ASCII characters without
     * spaces. Applications sharing a table need different keys; instances of one application share one.
     */
    private String key = "default";

    /**
     * Whether the store creates its table when it is missing; with false a DBA creates it
     * (JdbcStateStore.ddl) and a missing table counts as an outage.
     */
    private boolean createTables = true;

    /** Whether PostgreSQL's LISTEN/NOTIFY is used when the database is PostgreSQL; false polls on every database. */
    private boolean notifications = true;

    /** How often the stored version is read when there are no notifications, 10ms to 1m. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration pollInterval = Duration.ofSeconds(1);

    /** Time-out of each statement, whole seconds, 1s to 1m. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration timeout = Duration.ofSeconds(2);

    /** How long the PostgreSQL listener waits without a notification before checking its connection, 50ms to 1m. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration heartbeat = Duration.ofSeconds(1);

    /** A file keeping the last known state, used when the database is unreachable at start. */
    private Path localCopy;

    /** The defaults. */
    public JdbcStoreProperties() {
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTablePrefix() {
        return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public boolean isCreateTables() {
        return createTables;
    }

    public void setCreateTables(boolean createTables) {
        this.createTables = createTables;
    }

    public boolean isNotifications() {
        return notifications;
    }

    public void setNotifications(boolean notifications) {
        this.notifications = notifications;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
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
}
