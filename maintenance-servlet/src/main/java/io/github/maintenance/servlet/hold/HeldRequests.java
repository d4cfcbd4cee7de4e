package io.github.maintenance.servlet.hold;

import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.state.MaintenanceMode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Requests parked while their route is in a hold: parked with the servlet async API (no thread
 * held), released to the application (by an async dispatch, which the filter passes) the moment
 * the hold ends, answered with the maintenance response when their time runs out or when the
 * filter stops. At most {@code maxRequests} are parked at once; beyond that, and without async
 * support, requests get the maintenance response at once.
 */
public final class HeldRequests implements MaintenanceListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeldRequests.class);

    /** Writes the maintenance response for a request whose hold timed out. */
    @FunctionalInterface
    public interface Responder {
        /**
         * Writes the blocked response.
         *
         * @param request the request
         * @param response its response
         * @param decision the maintenance decision
         * @throws IOException when writing fails
         */
        void respond(HttpServletRequest request, HttpServletResponse response, Decision decision) throws IOException;
    }

    private final MaintenanceController controller;
    private final int maxRequests;
    private final Duration defaultTimeout;
    private final Responder responder;
    private final Set<Parked> parked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean warnedNoAsync = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Parked requests of one filter.
     *
     * @param controller the controller whose decisions tell when a hold ends
     * @param maxRequests the most requests parked at once
     * @param defaultTimeout how long a request is parked when the window gives no hold time
     * @param responder writes the maintenance response
     */
    public HeldRequests(MaintenanceController controller, int maxRequests, Duration defaultTimeout,
            Responder responder) {
        this.controller = controller;
        this.maxRequests = maxRequests;
        this.defaultTimeout = defaultTimeout;
        this.responder = responder;
    }

    /** {@return whether a maintenance decision asks to hold the request} */
    public static boolean holds(Decision decision) {
        return decision.action() == Decision.Action.MAINTENANCE && decision.mode() == MaintenanceMode.HOLD;
    }

    /**
     * Parks the request if it can.
     *
     * @param request the request, in a filter
     * @param decision its hold decision
     * @param path the path the decision was made for
     * @return {@code false} when the request was not parked and must get the maintenance response
     */
    public boolean park(HttpServletRequest request, Decision decision, String path) {
        if (closed) {
            return false;
        }
        if (!request.isAsyncSupported()) {
            if (warnedNoAsync.compareAndSet(false, true)) {
                LOG.warn("Request hold unavailable: the request does not support async processing (register the "
                        + "maintenance filter and the servlets with asyncSupported=true); held requests get the "
                        + "maintenance page at once");
            }
            return false;
        }
        if (count.incrementAndGet() > maxRequests) {
            count.decrementAndGet();
            return false;
        }
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (IllegalStateException e) {
            count.decrementAndGet();
            if (warnedNoAsync.compareAndSet(false, true)) {
                LOG.warn("Request hold unavailable: {}; held requests get the maintenance page at once", e.getMessage());
            }
            return false;
        }
        Duration hold = decision.options().hold();
        async.setTimeout((hold != null ? hold : defaultTimeout).toMillis());
        Parked p = new Parked(async, decision, request.getServerName(), path);
        async.addListener(p);
        decision.recordHeld();
        parked.add(p);
        if (!stillHeld(p)) {
            p.release();
        }
        return true;
    }

    /** {@return how many requests are parked now} */
    public int size() {
        return count.get();
    }

    @Override
    public void onEvent(MaintenanceEvent event) {
        for (Parked p : parked) {
            if (!stillHeld(p)) {
                p.release();
            }
        }
    }

    private boolean stillHeld(Parked p) {
        return !closed && holds(controller.snapshot().decide(p.host, p.path));
    }

    /** Answers every parked request with the maintenance response; later requests are not parked. */
    @Override
    public void close() {
        closed = true;
        for (Parked p : parked) {
            p.timeOut();
        }
    }

    private final class Parked implements AsyncListener {
        final AsyncContext async;
        final Decision decision;
        final String host;
        final String path;
        final AtomicBoolean done = new AtomicBoolean();

        Parked(AsyncContext async, Decision decision, String host, String path) {
            this.async = async;
            this.decision = decision;
            this.host = host;
            this.path = path;
        }

        private boolean finish(boolean released) {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            parked.remove(this);
            count.decrementAndGet();
            decision.recordHoldEnded(released);
            return true;
        }

        void release() {
            if (finish(true)) {
                try {
                    async.dispatch();
                } catch (IllegalStateException e) {
                    LOG.debug("Held request could not be released: {}", e.getMessage());
                }
            }
        }

        void timeOut() {
            if (finish(false)) {
                try {
                    responder.respond((HttpServletRequest) async.getRequest(),
                            (HttpServletResponse) async.getResponse(), decision);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Held request could not be answered: {}", e.getMessage());
                } finally {
                    try {
                        async.complete();
                    } catch (IllegalStateException e) {
                        LOG.debug("Held request already completed: {}", e.getMessage());
                    }
                }
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (stillHeld(this)) {
                timeOut();
            } else {
                release();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            finish(false);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            finish(false);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not re-registered: the release dispatch ends this hold.
        }
    }
}
