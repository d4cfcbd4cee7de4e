package io.github.maintenance.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches a few files of one directory and calls back when one of them may have changed
 * (appeared, disappeared, was rewritten or replaced by a rename).
 *
 * <p>Two mechanisms, both always on: the platform's {@link WatchService} where it has one (events
 * within milliseconds on Linux), and a comparison of the files' attributes (modification time,
 * size, file key) every {@code pollInterval}. The poll catches what events miss: the JDK's
 * WatchService only polls every few seconds on some platforms, network file systems do not report
 * changes made by other hosts, and a watched directory that is removed and created again loses its
 * registration (it is registered again on the next poll). Bursts of events are coalesced for a few
 * tens of milliseconds so that one change calls back once.
 *
 * <p>The callback runs on the watcher's single daemon thread; one that throws is logged and the
 * watch goes on. It may be called when nothing relevant changed (callers re-read and compare).
 * Thread-safe; {@link #close()} stops the thread and is idempotent.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);
    private static final long SETTLE_MILLIS = 25;
    private static final int SETTLE_ROUNDS = 8;

    private final Path directory;
    private final Set<String> names;
    private final long pollMillis;
    private final boolean useWatchService;
    private final Runnable onChange;
    private final String threadName;
    private volatile Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile WatchService service;
    private volatile boolean watching;

    /**
     * A watcher, not started yet.
     *
     * @param directory       the directory holding the files
     * @param names           the file names to watch in it
     * @param pollInterval    how often attributes are compared (at least 10 ms)
     * @param useWatchService whether to use the platform's WatchService as well as polling
     * @param threadName      the name of the watcher thread
     * @param onChange        called (on the watcher thread) when a file may have changed
     */
    public FileWatcher(Path directory, Collection<String> names, Duration pollInterval, boolean useWatchService,
            String threadName, Runnable onChange) {
        this.directory = directory;
        this.names = Set.copyOf(names);
        this.pollMillis = Math.max(10, pollInterval.toMillis());
        this.useWatchService = useWatchService;
        this.onChange = onChange;
        this.threadName = threadName;
    }

    /**
     * Starts watching: registers with the WatchService and takes the files' current attributes as
     * the reference before returning, so that any later change is seen; no callback for the
     * current state.
     */
    public void start() {
        WatchService ws = null;
        if (useWatchService) {
            try {
                ws = directory.getFileSystem().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("No WatchService for {} ({}); polling only", directory, e.toString());
            }
        }
        service = ws;
        WatchKey key = ws == null ? null : register(ws);
        watching = key != null;
        List<Object> reference = attributes();
        WatchService started = ws;
        thread = new Thread(() -> run(started, key, reference), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether events from the platform's WatchService are being received (false: polling only). */
    public boolean usesWatchService() {
        return watching;
    }

    private void run(WatchService ws, WatchKey registered, List<Object> reference) {
        WatchKey key = registered;
        List<Object> last = reference;
        try {
            while (stop.getCount() > 0) {
                boolean event = false;
                if (ws != null && (key == null || !key.isValid())) {
                    key = register(ws);
                    watching = key != null;
                }
                if (key != null) {
                    WatchKey k = ws.poll(pollMillis, TimeUnit.MILLISECONDS);
                    if (k != null) {
                        event = relevant(k);
                        if (event) {
                            settle(ws);
                        }
                    }
                } else if (stop.await(pollMillis, TimeUnit.MILLISECONDS)) {
                    break;
                }
                List<Object> now = attributes();
                if (event || !now.equals(last)) {
                    last = now;
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.warn("File watch callback for {} failed: {}", directory, e.toString(), e);
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed
        } finally {
            watching = false;
            if (ws != null) {
                closeQuietly(ws);
            }
        }
    }

    private WatchKey register(WatchService ws) {
        try {
            return directory.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.debug("Cannot watch {} ({}); polling", directory, e.toString());
            return null;
        }
    }

    private boolean relevant(WatchKey k) {
        boolean relevant = false;
        for (WatchEvent<?> e : k.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW
                    || (e.context() instanceof Path p && names.contains(p.toString()))) {
                relevant = true;
            }
        }
        k.reset();
        return relevant;
    }

    /** Lets a burst of events (create, then write) pass, so that one change calls back once. */
    private void settle(WatchService ws) throws InterruptedException {
        for (int i = 0; i < SETTLE_ROUNDS; i++) {
            WatchKey k = ws.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            if (k == null) {
                return;
            }
            k.pollEvents();
            k.reset();
        }
    }

    private List<Object> attributes() {
        List<Object> out = new ArrayList<>(names.size());
        for (String name : names) {
            Path f = directory.resolve(name);
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
            } catch (NoSuchFileException e) {
                out.add("absent");
            } catch (IOException e) {
                out.add("unreadable " + e.getClass().getName());
            }
        }
        return out;
    }

    private static void closeQuietly(WatchService ws) {
        try {
            ws.close();
        } catch (IOException e) {
            LOG.debug("Closing a WatchService failed: {}", e.toString());
        }
    }

    /** Stops the watcher thread and waits (up to 5 s) for it to end. Idempotent. */
    @Override
    public void close() {
        stop.countDown();
        WatchService ws = service;
        if (ws != null) {
            closeQuietly(ws);
        }
        Thread t = thread;
        if (t != null && Thread.currentThread() != t && t.isAlive()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
