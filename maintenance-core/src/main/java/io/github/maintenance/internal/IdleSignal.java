package io.github.maintenance.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Wakes the threads waiting for routes to become idle (no request in the application) when a
 * tracked request ends or the routes change.
 *
 * <p>Costs one volatile read per ended request while nobody waits: {@link #wake()} takes the
 * lock only when a waiter is registered. A waiter registers before it reads the in-flight
 * count, and an ending request decrements its count before it reads the registration, so a
 * request ending while the waiter reads is never missed: either the waiter's read sees the
 * decrement, or the ending request sees the waiter and signals it once it sleeps. No polling.
 *
 * <p>Thread-safe.
 */
public final class IdleSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Threads in {@link #await}; written under the lock only. */
    private volatile int waiters;

    /** An idle signal with nobody waiting. */
    public IdleSignal() {
    }

    /** Wakes the waiters, if any, to read their counts again; call after a count went down. */
    public void wake() {
        if (waiters != 0) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until {@code inFlight} reads zero (or less) or {@code timeoutNanos} have passed.
     *
     * @param inFlight     reads the current count; called under this signal's lock, must not block
     * @param timeoutNanos how long to wait at most; 0 reads once
     * @return whether the count read zero
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(LongSupplier inFlight, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lockInterruptibly();
        try {
            waiters++;
            try {
                while (true) {
                    if (inFlight.getAsLong() <= 0) {
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    changed.awaitNanos(left);
                }
            } finally {
                waiters--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@return the number of threads waiting now} */
    public int waiters() {
        return waiters;
    }
}
