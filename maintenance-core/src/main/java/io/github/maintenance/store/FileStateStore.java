package io.github.maintenance.store;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.internal.FileWatcher;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.NewerFormatException;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Keeps the state in a file, so that it survives a restart or a crash of the application, in the
 * {@link StoredStateFormat} ({@code java.util.Properties}) text form.
 *
 * <h2>Writing</h2>
 * Every save writes the whole state to a new temporary file in the same directory, forces it to
 * disk, renames it over the state file (atomically where the file system can) and forces the
 * directory, so that a reader or a crash sees the old state or the new one, never a mix. Saves are
 * serialised within the JVM and, through a lock on {@code <file>.lock}, between processes sharing
 * the file; a save whose version is not newer than the file's is refused with
 * {@link StaleStateException}.
 *
 * <h2>Reading and damage</h2>
 * {@link #load()} reads the file (no file: no state). A file that cannot be read or parsed is
 * reported with a {@link DamagedStateException} naming the file and the problem, logged once at
 * WARN and shown by {@link #status()} ({@link StoreStatus#damage()}); the controller logs it at
 * ERROR and applies its damaged-state policy. The next save
 * first copies the damaged file to {@code <file>.corrupt}, then replaces it.
 *
 * <h2>Watching</h2>
 * {@link #watch} follows changes made by other processes (or other stores) sharing the file,
 * within {@code pollInterval} at the latest (platform file events, usually at once, plus a poll of
 * the file's attributes; see {@link #builder(Path)}). States are delivered on the store's watcher
 * thread in increasing version order; a damaged file delivers nothing.
 *
 * <h2>Audit trail</h2>
 * The audit trail is kept next to the state file in {@code <file>}{@value #AUDIT_SUFFIX}, one JSON
 * object per line, oldest first; appends are serialised like saves, the file is trimmed to the
 * controller's {@link AuditPolicy} by writing the entries kept to a temporary file renamed over
 * it, and a damaged line is skipped with a WARN.
 *
 * <p>Thread-safe.
 */
public final class FileStateStore implements StateStore, AuditStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);

    /** File name used by {@link #inDirectory(Path)}. */
    public static final String DEFAULT_FILE_NAME = "maintenance-state.properties";
    /** Appended to the state file's name to name its audit file (JSON lines, oldest first). */
    public static final String AUDIT_SUFFIX = ".audit.jsonl";
    /** Default interval of the attribute poll behind {@link #watch}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    /** One monitor per state file in this JVM: a FileLock cannot be taken twice by one process. */
    private static final ConcurrentMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path directory;
    private final Path lockFile;
    private final Path corruptCopy;
    private final Duration pollInterval;
    private final boolean useWatchService;
    private final Clock clock;
    private final Object jvmLock;
    private final String description;
    private final List<Consumer<StoredState>> watchers = new CopyOnWriteArrayList<>();
    private final AuditFile audit;

    private volatile StoreStatus status;
    private volatile long lastGoodVersion = -1;
    // Guarded by this.
    private String problem;
    private FileWatcher watcher;
    private boolean closed;
    // Watcher thread only.
    private long delivered = -1;

    private FileStateStore(Builder b, Path realFile) {
        this.file = realFile;
        this.directory = realFile.getParent();
        this.lockFile = directory.resolve(realFile.getFileName() + ".lock");
        this.corruptCopy = directory.resolve(realFile.getFileName() + ".corrupt");
        this.pollInterval = b.pollInterval;
        this.useWatchService = b.watchService;
        this.clock = b.clock;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(realFile, k -> new Object());
        this.description = "file " + realFile;
        this.status = StoreStatus.ok(description);
        this.audit = new AuditFile(directory.resolve(realFile.getFileName() + AUDIT_SUFFIX), lockFile, jvmLock);
    }

    /**
     * {@return a store on {@code file} with the defaults; its directory is created when missing}
     *
     * @param file the state file
     */
    public static FileStateStore open(Path file) {
        return builder(file).build();
    }

    /**
     * {@return a store on {@link #DEFAULT_FILE_NAME} in {@code directory}, created when missing}
     *
     * @param directory the directory of the state file
     */
    public static FileStateStore inDirectory(Path directory) {
        return open(directory.resolve(DEFAULT_FILE_NAME));
    }

    /**
     * {@return a builder of a store on {@code file}}
     *
     * @param file the state file
     */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** {@return the state file (its directory with symbolic links resolved)} */
    public Path file() {
        return file;
    }

    /** {@return the audit file: the state file's name followed by {@value #AUDIT_SUFFIX}, in its directory} */
    public Path auditFile() {
        return audit.file();
    }

    @Override
    public void appendAudit(List<AuditEntry> entries, AuditPolicy policy, Instant now) {
        audit.append(entries, policy, now);
    }

    @Override
    public List<AuditEntry> recentAudit(AuditPolicy policy, Instant now) {
        return audit.recent(policy, now);
    }

    @Override
    public Optional<StoredState> load() {
        try {
            Optional<StoredState> s = read();
            healthy();
            return s;
        } catch (StateStoreException e) {
            failed(e);
            throw e;
        }
    }

    @Override
    public void save(StoredState state) {
        byte[] bytes = StoredStateFormat.encodeBytes(state);
        synchronized (jvmLock) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                long current = currentVersion();
                if (current >= state.version()) {
                    throw new StaleStateException(state.version(), current);
                }
                write(bytes);
                lastGoodVersion = Math.max(lastGoodVersion, state.version());
            } catch (NewerFormatException e) {
                failed(e);
                throw e;
            } catch (IOException | OverlappingFileLockException e) {
                StateStoreException failure = new StateStoreException("cannot write the state file " + file + ": " + e,
                        e);
                failed(failure);
                throw failure;
            }
        }
        healthy();
    }

    /** The version in the file; a damaged file is kept aside and counts as the last good version read. */
    private long currentVersion() throws IOException {
        try {
            return read().map(StoredState::version).orElse(-1L);
        } catch (NewerFormatException e) {
            LOG.error("Not writing over the state file {}: {}. Changes hold on this instance only; move the file "
                    + "away (or upgrade this instance) to let this version save again", file, e.getMessage());
            throw e;
        } catch (StateStoreException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (Files.isRegularFile(file)) {
                Files.copy(file, corruptCopy, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(file, corruptCopy, StandardCopyOption.REPLACE_EXISTING); // renamed, never read
            }
            LOG.warn("Replacing the damaged state file {} (a copy is kept in {}): {}", file, corruptCopy,
                    e.getMessage());
            return lastGoodVersion;
        }
    }

    private Optional<StoredState> read() {
        byte[] bytes;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // a FIFO, device or directory: opening it could block forever, so it is never opened
                throw new DamagedStateException("the state file " + file + " is damaged: not a regular file");
            }
            if (Files.size(file) > StoredStateFormat.MAX_LENGTH) {
                throw new DamagedStateException("the state file " + file + " is damaged: larger than "
                        + StoredStateFormat.MAX_LENGTH + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateStoreException("cannot read the state file " + file + ": " + e, e);
        }
        StoredState s;
        try {
            s = StoredStateFormat.decode(bytes);
        } catch (NewerFormatException e) {
            throw new NewerFormatException("the state file " + file + " was written by a newer version of the library "
                    + "and is left as it is: " + e.getMessage());
        } catch (StateStoreException e) {
            throw new DamagedStateException("the state file " + file + " is damaged: " + e.getMessage());
        }
        if (s.version() > lastGoodVersion) {
            lastGoodVersion = s.version();
        }
        return Optional.of(s);
    }

    private void write(byte[] bytes) throws IOException {
        Path tmp = directory.resolve("." + file.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {} to disk: {}", directory, e.toString());
        }
    }

    @Override
    public synchronized void watch(Consumer<StoredState> consumer) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        watchers.add(consumer);
        if (watcher == null) {
            delivered = lastGoodVersion;
            watcher = new FileWatcher(directory, List.of(file.getFileName().toString()), pollInterval,
                    useWatchService, "maintenance-state-file", this::onFileChanged);
            watcher.start();
        }
    }

    private void onFileChanged() {
        Optional<StoredState> s;
        try {
            s = read();
        } catch (StateStoreException e) {
            failed(e);
            return;
        }
        healthy();
        if (s.isEmpty() || s.get().version() <= delivered) {
            return;
        }
        StoredState state = s.get();
        delivered = state.version();
        for (Consumer<StoredState> w : watchers) {
            try {
                w.accept(state);
            } catch (RuntimeException e) {
                LOG.warn("State store watcher failed: {}", e.toString(), e);
            }
        }
    }

    private synchronized void failed(StateStoreException e) {
        String message = e.getMessage();
        if (!message.equals(problem)) {
            problem = message;
            LOG.warn("State store unavailable, keeping the last known state: {}", message);
            status = e instanceof DamagedStateException ? StoreStatus.damaged(description, message, clock.instant())
                    : new StoreStatus(description, false, message, clock.instant());
        }
    }

    private synchronized void healthy() {
        if (problem != null) {
            problem = null;
            LOG.info("State file {} is readable and writable again", file);
            status = new StoreStatus(description, true, "ok", clock.instant());
        }
    }

    @Override
    public StoreStatus status() {
        return status;
    }

    /** Stops watching. The file stays. Idempotent. */
    @Override
    public void close() {
        FileWatcher w;
        synchronized (this) {
            closed = true;
            w = watcher;
            watcher = null;
        }
        if (w != null) {
            w.close();
        }
        watchers.clear();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link FileStateStore}. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean watchService = true;
        private Clock clock = Clock.systemUTC();

        private Builder(Path file) {
            this.file = file;
        }

        /**
         * How often {@link #watch} compares the file's attributes, whatever file events say
         * (10 ms to 1 min); default 500 ms. This bounds how late a change made elsewhere is seen.
         *
         * @param value the poll interval, 10 ms to 1 min (checked by {@link #build()})
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
         * The clock of {@link StoreStatus#since()}; default the system clock.
         *
         * @param value the clock; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Validates, creates the file's directory when missing, and builds.
         *
         * @return the store, ready to use
         * @throws io.github.maintenance.MaintenanceException naming the bad value or the directory
         *                                                    that cannot be created
         */
        public FileStateStore build() {
            if (file == null || file.getFileName() == null) {
                throw MaintenanceErrors.invalidConfig("stateFile", file, "a file path is required");
            }
            if (pollInterval == null || pollInterval.compareTo(Duration.ofMillis(10)) < 0
                    || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw MaintenanceErrors.invalidConfig("pollInterval", pollInterval, "must be 10ms to 1m");
            }
            if (clock == null) {
                throw MaintenanceErrors.invalidConfig("clock", null, "is required");
            }
            Path absolute = file.toAbsolutePath().normalize();
            Path real;
            try {
                Files.createDirectories(absolute.getParent());
                real = absolute.getParent().toRealPath().resolve(absolute.getFileName());
            } catch (IOException e) {
                throw MaintenanceErrors.invalidConfig("stateFile", file, "its directory cannot be created or read ("
                        + e + ")");
            }
            if (Files.isDirectory(real)) {
                throw MaintenanceErrors.invalidConfig("stateFile", file, "is a directory; give a file path");
            }
            FileStateStore store = new FileStateStore(this, real);
            LOG.info("Maintenance state kept in {}", real);
            return store;
        }
    }
}
