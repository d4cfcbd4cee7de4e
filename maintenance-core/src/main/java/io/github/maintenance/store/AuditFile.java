package io.github.maintenance.store;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.internal.AuditJson;
import io.github.maintenance.spi.StateStoreException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The audit trail of a {@link FileStateStore}: a JSON-lines file next to the state file, one
 * entry per line, oldest first. Appends add lines; when the file holds more lines than the
 * policy allows (with some slack, so that not every append rewrites it), the entries kept are
 * written to a temporary file that is renamed over it. A damaged line is skipped with a WARN.
 * Writers are serialised by the state file's JVM monitor and {@code .lock} file.
 *
 * <p>Thread-safe.
 */
final class AuditFile {

    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);

    private final Path file;
    private final Path lockFile;
    private final Object jvmLock;
    /** Lines in the file as far as this object knows, or -1 when not counted yet; guarded by jvmLock. */
    private int lines = -1;

    AuditFile(Path file, Path lockFile, Object jvmLock) {
        this.file = file;
        this.lockFile = lockFile;
        this.jvmLock = jvmLock;
    }

    Path file() {
        return file;
    }

    void append(List<AuditEntry> entries, AuditPolicy policy, Instant now) {
        if (entries.isEmpty() || !policy.enabled()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (AuditEntry e : entries) {
            sb.append(AuditJson.encode(e)).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (jvmLock) {
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                lock.lock(); // released when the channel closes
                if (lines < 0) {
                    lines = read(null, null).size();
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(false);
                }
                lines += entries.size();
                if (lines > policy.maxEntries() + slack(policy)) {
                    rewrite(read(policy, now));
                }
            } catch (IOException | OverlappingFileLockException e) {
                throw new StateStoreException("cannot write the audit file " + file + ": " + e, e);
            }
        }
    }

    List<AuditEntry> recent(AuditPolicy policy, Instant now) {
        synchronized (jvmLock) {
            try {
                return List.copyOf(read(policy, now));
            } catch (IOException e) {
                throw new StateStoreException("cannot read the audit file " + file + ": " + e, e);
            }
        }
    }

    private static int slack(AuditPolicy policy) {
        return Math.max(16, policy.maxEntries() / 8);
    }

    /**
     * The entries of the file, oldest first; with a policy, only the newest it keeps. Counts the
     * lines as it goes. Damaged lines are skipped with a WARN.
     */
    private Deque<AuditEntry> read(AuditPolicy policy, Instant now) throws IOException {
        Deque<AuditEntry> out = new ArrayDeque<>();
        int count = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             Reader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), decoder))) {
            StringBuilder line = new StringBuilder();
            int number = 0;
            boolean more = true;
            while (more) {
                boolean tooLong = false;
                line.setLength(0);
                int c;
                while ((c = r.read()) >= 0 && c != '\n') {
                    if (line.length() < AuditJson.MAX_LINE) {
                        line.append((char) c);
                    } else {
                        tooLong = true;
                    }
                }
                more = c >= 0;
                number++;
                if (line.toString().isBlank() && !tooLong) {
                    continue;
                }
                count++;
                AuditEntry e;
                try {
                    if (tooLong) {
                        throw new IllegalArgumentException("longer than " + AuditJson.MAX_LINE + " characters");
                    }
                    e = AuditJson.decode(line.toString());
                } catch (IllegalArgumentException x) {
                    LOG.warn("Skipping damaged line {} of the audit file {}: {}", number, file,
                            MaintenanceErrors.printable(x.getMessage()));
                    continue;
                }
                if (policy != null && policy.expired(e.time(), now)) {
                    continue;
                }
                out.addLast(e);
                if (policy != null && out.size() > policy.maxEntries()) {
                    out.removeFirst();
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        lines = count;
        return out;
    }

    private void rewrite(Deque<AuditEntry> keep) throws IOException {
        StringBuilder sb = new StringBuilder(keep.size() * 256);
        for (AuditEntry e : keep) {
            sb.append(AuditJson.encode(e)).append('\n');
        }
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
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
        } finally {
            Files.deleteIfExists(tmp);
        }
        lines = keep.size();
        LOG.debug("Audit file {} trimmed to {} entries", file, keep.size());
    }
}
