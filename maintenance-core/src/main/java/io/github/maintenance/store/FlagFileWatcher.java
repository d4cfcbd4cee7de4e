package io.github.maintenance.store;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.Target;
import io.github.maintenance.internal.FileWatcher;
import io.github.maintenance.internal.LogText;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Puts the whole application ({@code ALL}) into maintenance while a flag file exists, the way
 * operators do it with nginx: {@code touch .maintenance} to start, {@code rm .maintenance} to end.
 * It works when nothing else does (no registry, no store, no network), and through the
 * controller's state store its effect reaches the other instances of a cluster.
 *
 * <h2>Content</h2>
 * The file may be empty, or carry {@code key=value} lines ({@code java.util.Properties} syntax,
 * UTF-8, at most 64 KiB):
 * <table>
 * <caption>Flag file keys</caption>
 * <tr><th>key</th><th>value</th></tr>
 * <tr><td>{@code url}</td><td>a custom maintenance page (checked against the controller's URL policy)</td></tr>
 * <tr><td>{@code message}</td><td>the message on the page (at most 2000 characters)</td></tr>
 * <tr><td>{@code until}</td><td>when maintenance ends by itself: an ISO-8601 time with an offset,
 *     {@code 2026-03-01T12:00:00Z} or {@code 2026-03-01T13:00:00+01:00}</td></tr>
 * <tr><td>{@code mode}</td><td>{@code full} (default), {@code read-only} or {@code hold}</td></tr>
 * <tr><td>{@code status}</td><td>status of the maintenance response: 400–599, or 301/302/303/307/308
 *     with {@code redirect}</td></tr>
 * <tr><td>{@code redirect}</td><td>send blocked requests to an absolute path or an http(s) URL</td></tr>
 * <tr><td>{@code refresh}</td><td>{@code Refresh} header of the page, 1s to 1h ({@code 30s}, {@code 30})</td></tr>
 * <tr><td>{@code template}</td><td>name of the page template</td></tr>
 * <tr><td>{@code secret}</td><td>a bypass secret, 8–128 of {@code A-Z a-z 0-9 . _ ~ -} (kept only as its SHA-256)</td></tr>
 * <tr><td>{@code hold}</td><td>in {@code hold} mode, how long a request is parked at most, 1s to 5m</td></tr>
 * <tr><td>{@code reason}</td><td>why, for logs, events and the audit trail (at most 500 characters); a
 *     change of the reason alone does not enter maintenance again</td></tr>
 * </table>
 * Bad content (an unknown key, a URL the policy refuses, an option out of range or an unknown mode, a time that does not parse or has passed,
 * text that is not UTF-8, a file that cannot be read) is logged at WARN, listed by
 * {@link #problems()}, and the application enters plain maintenance (built-in page, default
 * message, no end): a flag file never leaves the site open because of a typo. One exception: an
 * {@code until} that passed <em>after</em> the file was last modified means that maintenance is
 * simply over (the controller ended it then); the file is then ignored until it changes.
 *
 * <h2>Changes</h2>
 * The file is read when the watcher starts and on every change, within {@code pollInterval}
 * (500 ms by default; usually at once through platform file events). Its appearance, or a change
 * of its content, enters maintenance with the cause {@link Cause.Source#FLAG_FILE} and the actor
 * {@code <instance name>:<file path>}. Its removal ends that maintenance (exit {@code ALL}) if it
 * is still the one in force; maintenance entered since through another control plane stays. When
 * the watcher starts without a file but the controller restored a maintenance this flag file had
 * started (the file was removed while the application was stopped), that maintenance ends.
 * Rewriting the file with the same content changes nothing.
 *
 * <p>Start it after creating the controller and close it before closing the controller.
 * Thread-safe; the file is read on one daemon thread.
 */
public final class FlagFileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlagFileWatcher.class);

    /** The keys a flag file may carry. */
    private static final List<String> KEYS = List.of("url", "message", "until", "mode", "status", "redirect", "refresh",
            "template", "secret", "hold", "reason");

    /** The flag file name in the watched directory, as with nginx. */
    public static final String DEFAULT_FILE_NAME = ".maintenance";
    /** Default interval of the attribute poll; changes are seen within it at the latest. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** Largest flag file read. */
    public static final int MAX_SIZE = 64 * 1024;

    private final MaintenanceController controller;
    private final Path file;
    private final Cause cause;
    private final FileWatcher watcher;
    // Guarded by this.
    private boolean present;
    private List<String> problems = List.of();
    /** The reason in the file last read; guarded by this. */
    private String reason = "";
    private boolean closed;

    private FlagFileWatcher(Builder b, Path file) {
        this.controller = b.controller;
        this.file = file;
        this.cause = Cause.of(Cause.Source.FLAG_FILE, controller.config().instanceName() + ":" + file);
        this.watcher = new FileWatcher(file.getParent(), List.of(file.getFileName().toString()), b.pollInterval,
                b.watchService, "maintenance-flag-file", this::check);
    }

    /**
     * Watches {@link #DEFAULT_FILE_NAME} in {@code directory} with the defaults.
     *
     * @param controller the controller to switch
     * @param directory the directory holding the flag file; created when missing
     * @return the running watcher; close it to stop
     * @throws io.github.maintenance.MaintenanceException when the directory cannot be used
     */
    public static FlagFileWatcher start(MaintenanceController controller, Path directory) {
        return builder(controller, directory).start();
    }

    /**
     * {@return a builder of a watcher of a flag file in {@code directory} for {@code controller}}
     *
     * @param controller the controller to switch
     * @param directory the directory holding the flag file
     */
    public static Builder builder(MaintenanceController controller, Path directory) {
        return new Builder(controller, directory);
    }

    /** {@return the flag file} */
    public Path file() {
        return file;
    }

    /** {@return the cause of the changes this watcher makes} */
    public Cause cause() {
        return cause;
    }

    /** {@return whether the flag file existed when last read} */
    public synchronized boolean present() {
        return present;
    }

    /** {@return what was wrong with the file's content when last read; empty when it was fine or absent} */
    public synchronized List<String> problems() {
        return problems;
    }

    /**
     * Reads the flag file now and acts on it. The watcher calls this on every change; call it
     * yourself to re-check at once.
     */
    public synchronized void check() {
        if (closed) {
            return;
        }
        try {
            apply();
        } catch (IllegalStateException e) {
            LOG.debug("Flag file {} not applied: {}", file, LogText.safe(e.getMessage()));
        }
    }

    private void apply() {
        byte[] bytes = null;
        Instant modified = null;
        List<String> found = new ArrayList<>();
        boolean exists = true;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            modified = a.lastModifiedTime().toInstant();
            if (a.isDirectory()) {
                found.add("it is a directory");
            } else if (!a.isRegularFile()) {
                // A FIFO, socket or device: opening it could block forever; only regular files are read.
                found.add("not a regular file");
            } else if (a.size() > MAX_SIZE) {
                found.add("larger than " + MAX_SIZE + " bytes");
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    bytes = in.readNBytes(MAX_SIZE + 1);
                }
                if (bytes.length > MAX_SIZE) {
                    found.add("larger than " + MAX_SIZE + " bytes");
                    bytes = null;
                }
            }
        } catch (NoSuchFileException e) {
            // A flag that exists as a link is a flag, even when the link leads nowhere.
            exists = Files.isSymbolicLink(file);
            if (exists) {
                found.add("a symbolic link to a missing file");
            }
        } catch (IOException e) {
            found.add("cannot be read (" + e + ")");
        }
        boolean wasPresent = present;
        present = exists;
        if (!exists) {
            problems = List.of();
            removed(wasPresent);
            return;
        }
        MaintenanceRequest request = bytes == null ? null : parse(bytes, modified, found);
        problems = List.copyOf(found);
        if (found.isEmpty() && request == null) {
            return; // its end time passed after it was written: that maintenance is over
        }
        if (!found.isEmpty()) {
            LOG.warn("Flag file {} has bad content ({}); entering plain maintenance", file,
                    String.join("; ", found)); // each item quotes the file through LogText.safe
            request = MaintenanceRequest.defaults();
        }
        if (inForce(request)) {
            return;
        }
        try {
            controller.enter(Target.all(), request, cause.withReason(reason));
        } catch (MaintenanceException e) {
            problems = List.of(e.getMessage());
            LOG.warn("Flag file {}: {}; entering plain maintenance", file, LogText.safe(e.getMessage()));
            if (!inForce(MaintenanceRequest.defaults())) {
                controller.enter(Target.all(), MaintenanceRequest.defaults(), cause);
            }
        }
    }

    /**
     * Reads the content; adds what is wrong to {@code found}. Returns {@code null} with nothing
     * found when the file's end time passed after it was written.
     */
    private MaintenanceRequest parse(byte[] bytes, Instant modified, List<String> found) {
        reason = "";
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            found.add("not UTF-8 text");
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            found.add("not key=value lines (" + LogText.safe(e.getMessage()) + ")");
            return null;
        }
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!KEYS.contains(key)) {
                found.add("unknown key '" + LogText.safe(key) + "' (expected " + String.join(", ", KEYS) + ")");
            }
        }
        if (!found.isEmpty()) {
            return null;
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("action", "enter");
        fields.put("url", value(p, "url"));
        fields.put("message", value(p, "message"));
        for (String key : KEYS) {
            if (!key.equals("url") && !key.equals("message")) {
                fields.put(key, value(p, key));
            }
        }
        MaintenanceRequest request;
        try {
            request = ((Change.Enter) ChangeFields.parse(fields, "ALL")).request();
            reason = ChangeFields.cause(fields, cause).reason();
            if (request.pageUrl() != null) {
                controller.config().urlPolicy().check(request.pageUrl());
            }
        } catch (MaintenanceException e) {
            found.add(LogText.safe(e.getMessage()));
            return null;
        }
        Instant until = request.until();
        if (until != null && !until.isAfter(controller.config().clock().instant())) {
            if (modified != null && modified.isBefore(until)) {
                LOG.info("Flag file {}: its end time {} has passed; not entering maintenance (remove or rewrite the "
                        + "file)", file, until);
            } else {
                found.add("until '" + until + "' is not in the future");
            }
            return null;
        }
        return request;
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Whether the maintenance of {@code ALL} is this flag file's, with this content. */
    private boolean inForce(MaintenanceRequest request) {
        MaintenanceState m = allMaintenance();
        return m != null && ours(m.cause()) && Objects.equals(m.pageUrl(), request.pageUrl())
                && Objects.equals(m.message(), request.message()) && Objects.equals(m.until(), request.until())
                && Objects.equals(m.options(), request.options());
    }

    /** Whether {@code c} is this watcher's cause, whatever its reason. */
    private boolean ours(Cause c) {
        return c.source() == cause.source() && c.actor().equals(cause.actor());
    }

    private MaintenanceState allMaintenance() {
        RouteState s = controller.snapshot().state(Route.CATCH_ALL_ID);
        return s == null ? null : s.maintenance();
    }

    private void removed(boolean wasPresent) {
        MaintenanceState m = allMaintenance();
        if (m != null && ours(m.cause())) {
            controller.exit(Target.all(), cause);
        } else if (wasPresent && m != null) {
            LOG.info("Flag file {} removed; the maintenance in force was entered by {} and stays", file, m.cause());
        }
    }

    /** Stops watching; the state it entered stays as it is. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        watcher.close();
    }

    @Override
    public String toString() {
        return "flag file " + file;
    }

    /** Builds and starts a {@link FlagFileWatcher}. Not thread-safe. */
    public static final class Builder {
        private final MaintenanceController controller;
        private final Path directory;
        private String fileName = DEFAULT_FILE_NAME;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean watchService = true;

        private Builder(MaintenanceController controller, Path directory) {
            this.controller = Objects.requireNonNull(controller, "controller");
            this.directory = directory;
        }

        /**
         * The flag file's name in the directory; default {@code .maintenance}.
         *
         * @param value a plain file name, without directory (checked by {@link #start()})
         * @return this builder
         */
        public Builder fileName(String value) {
            this.fileName = value;
            return this;
        }

        /**
         * How often the file's attributes are compared (10 ms to 1 s); default 500 ms.
         *
         * @param value the poll interval, 10 ms to 1 s (checked by {@link #start()})
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        /**
         * Whether to use the platform's file events as well as the poll; default true.
         *
         * @param value {@code false} to rely on polling alone
         * @return this builder
         */
        public Builder watchService(boolean value) {
            this.watchService = value;
            return this;
        }

        /**
         * Validates, creates the directory when missing, reads the flag file once and starts
         * watching it.
         *
         * @return the running watcher; close it to stop
         * @throws MaintenanceException naming the bad value or the directory that cannot be used
         */
        public FlagFileWatcher start() {
            if (directory == null) {
                throw MaintenanceErrors.invalidConfig("flagDirectory", null, "a directory is required");
            }
            if (fileName == null || fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")
                    || fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0 || fileName.indexOf('\0') >= 0) {
                throw MaintenanceErrors.invalidConfig("flagFileName", fileName, "a plain file name is required");
            }
            if (pollInterval == null || pollInterval.compareTo(Duration.ofMillis(10)) < 0
                    || pollInterval.compareTo(Duration.ofSeconds(1)) > 0) {
                throw MaintenanceErrors.invalidConfig("flagPollInterval", pollInterval,
                        "must be 10ms to 1s (changes must be seen within 1 s)");
            }
            Path dir;
            try {
                Files.createDirectories(directory);
                dir = directory.toRealPath();
            } catch (IOException e) {
                throw MaintenanceErrors.invalidConfig("flagDirectory", directory, "cannot be created or read (" + e + ")");
            }
            if (!Files.isDirectory(dir)) {
                throw MaintenanceErrors.invalidConfig("flagDirectory", directory, "is not a directory");
            }
            FlagFileWatcher w = new FlagFileWatcher(this, dir.resolve(fileName));
            w.watcher.start();
            LOG.info("Watching flag file {} (file events: {}, poll every {})", w.file, w.watcher.usesWatchService(),
                    io.github.maintenance.Durations.format(pollInterval));
            w.check();
            return w;
        }
    }
}
