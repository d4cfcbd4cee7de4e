package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.Reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous check after {@code MAINT_ENTER} (is the custom page reachable?) or
 * {@code MAINT_EXIT} (is the backend back?): GET the URL, retry after a pause, until a response
 * below 500 ({@code MAINT_OK|<target>}) or the budget is spent
 * ({@code ERROR|timeout waiting for …}). Nothing blocks a thread while waiting; at most one per
 * session, replaced or cancelled by the session's next {@code MAINT_ENTER}/{@code MAINT_EXIT}, its
 * disconnect or its end. A cancelled verification writes nothing.
 *
 * <p>Thread-safe.
 */
final class Verification {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    private final RegistryServer server;
    private final Session session;
    private final Connection connection;
    private final URI uri;
    private final String target;
    private final boolean enter;
    private final long deadlineNanos;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> timer;
    private volatile ScheduledFuture<?> retry;
    private int attempts;

    Verification(RegistryServer server, Session session, Connection connection, URI uri, String target, boolean enter) {
        this.server = server;
        this.session = session;
        this.connection = connection;
        this.uri = uri;
        this.target = target;
        this.enter = enter;
        this.deadlineNanos = System.nanoTime() + (enter ? server.config().enterVerificationTimeout()
                : server.config().exitVerificationTimeout()).toNanos();
    }

    /** Starts the first attempt and arms the overall time-out. Called once the ACK is written. */
    void start() {
        if (cancelled) {
            return;
        }
        long budget = deadlineNanos - System.nanoTime();
        timer = server.scheduler().schedule(this::giveUp, Math.max(0, budget), TimeUnit.NANOSECONDS);
        attempt();
    }

    private void attempt() {
        if (cancelled || done.get()) {
            return;
        }
        synchronized (this) {
            attempts++;
        }
        server.countVerificationAttempt();
        server.outbound().get(uri, server.config().readTimeout()).thenAccept(r -> {
            server.countAttemptCompleted();
            if (cancelled || done.get()) {
                return;
            }
            if (r.answered() && r.status() < 500) {
                if (r.status() >= 400) {
                    LOG.info("Registry verification of {} answered {}; counted as reachable", uri, r.status());
                }
                finish(Reply.MAINT_OK + "|" + target);
                return;
            }
            long pause = server.config().verificationRetryInterval().toNanos();
            if (System.nanoTime() + pause >= deadlineNanos) {
                giveUp();
            } else {
                LOG.debug("Registry verification of {}: {}; retrying", uri, r.answered() ? "HTTP " + r.status() : r.error());
                retry = server.scheduler().schedule(this::attempt, pause, TimeUnit.NANOSECONDS);
            }
        });
    }

    private void giveUp() {
        int n;
        synchronized (this) {
            n = attempts;
        }
        if (!cancelled && !done.get()) {
            LOG.info("Registry verification of {} for {} gave up after {} attempt(s)", uri, session.actor(), n);
        }
        finish(Reply.error(enter ? Reply.PAGE_TIMEOUT : Reply.BACKEND_TIMEOUT));
    }

    private void finish(String line) {
        if (cancelled || !done.compareAndSet(false, true)) {
            return;
        }
        stopTimers();
        session.pending.compareAndSet(this, null);
        // Written by an event thread: a peer that does not read must never hold the timer thread,
        // which also runs the write watchdog.
        try {
            server.eventExecutor().execute(() -> connection.sendVerificationResult(this, line));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Registry stopped; verification result for {} not sent", session.actor());
        }
    }

    /** Stops it; nothing will be written. */
    void cancel() {
        cancelled = true;
        stopTimers();
    }

    boolean isCancelled() {
        return cancelled;
    }

    private void stopTimers() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        ScheduledFuture<?> r = retry;
        if (r != null) {
            r.cancel(false);
        }
    }
}
