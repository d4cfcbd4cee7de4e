package io.github.maintenance.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The store's worker thread ({@code maintenance-jdbc-worker}, a daemon) and its closed flag. Every
 * task that touches watchers or resynchronises runs here, one at a time: delivery of newer
 * states, and the resynchronisation after every (re)connection of the listener.
 *
 * <p>Concurrency: {@code closed} is volatile and set once, by {@link #markClosed()} under this
 * object's monitor (so exactly one caller closes). The executor is thread-safe. Tasks submitted after closing
 * are dropped.
 */
final class StoreWorker {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    private final ScheduledExecutorService executor;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean closed;

    StoreWorker() {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance-jdbc-worker");
            t.setDaemon(true);
            return t;
        });
    }

    boolean closed() {
        return closed;
    }

    /** Runs {@code task} on the worker unless the store is closed by then. */
    void submit(Runnable task) {
        try {
            executor.execute(() -> {
                if (!closed) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Store closed; task dropped");
        }
    }

    /** Waits up to {@code millis}; true as soon as the store closes. */
    boolean awaitClose(long millis) throws InterruptedException {
        return stop.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Marks the store closed and wakes {@link #awaitClose}; false if it already was. */
    synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        stop.countDown();
        return true;
    }

    /** Refuses new tasks; queued ones still run (they see {@code closed} and return). */
    void shutdown() {
        executor.shutdown(); // not shutdownNow: an interrupt would abort a local-copy write
    }

    /** Waits up to 5 s for the worker to finish, then interrupts it. */
    void awaitTermination() throws InterruptedException {
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /** Interrupts the worker at once. */
    void shutdownNow() {
        executor.shutdownNow();
    }
}
