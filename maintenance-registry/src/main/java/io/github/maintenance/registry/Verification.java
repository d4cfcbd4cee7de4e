package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.Reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>The budget is measured on the registry's {@linkplain RegistryConfig#clock() clock}: a retry
 * that would start at or after the deadline gives up instead, and the time-out timer gives up only
 * once the clock has reached the deadline (otherwise it waits again for what the clock says is
 * left). A clock moved by hand thus decides when a verification times out.
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
    private final Clock clock;
    private final Instant deadline;
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
        this.clock = server.clock();
        this.deadline = clock.instant().plus(enter ? server.config().enterVerificationTimeout()
                : server.config().exitVerificationTimeout());
    }

    /** Starts the first attempt and arms the overall time-out. Called once the ACK is written. */
    void start() {
        if (cancelled) {
            return;
        }
        armTimer();
        attempt();
    }

    private void armTimer() {
        long left = Duration.between(clock.instant(), deadline).toNanos();
        timer = server.scheduler().schedule(this::timedOut, Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    private void timedOut() {
        if (cancelled || done.get()) {
            return;
        }
        if (clock.instant().isBefore(deadline)) {
            armTimer();
        } else {
            giveUp();
        }
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
            Duration pause = server.config().verificationRetryInterval();
            if (!clock.instant().plus(pause).isBefore(deadline)) {
                giveUp();
            } else {
                LOG.debug("Registry verification of {}: {}; retrying", uri, r.answered() ? "HTTP " + r.status() : r.error());
                retry = server.scheduler().schedule(this::attempt, pause.toNanos(), TimeUnit.NANOSECONDS);
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
