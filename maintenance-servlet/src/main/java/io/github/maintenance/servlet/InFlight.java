package io.github.maintenance.servlet;

import io.github.maintenance.Decision;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts a request as in flight while the application has it, for a decision that
 * {@linkplain Decision#tracksInFlight() tracks} it: {@link Decision#inFlightStarted()} before the
 * application runs, {@link Decision#inFlightEnded()} exactly once after: when the chain returns
 * or throws, or, when the application went asynchronous, when the asynchronous request
 * completes, fails or times out. Stateless.
 */
final class InFlight {

    /** What the application runs; the filter chain, typically. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException, ServletException;
    }

    private InFlight() {
    }

    /** Runs {@code work} counted in flight on {@code decision}. */
    static void track(Decision decision, HttpServletRequest request, Work work) throws IOException, ServletException {
        decision.inFlightStarted();
        boolean handedOver = false;
        try {
            work.run();
            handedOver = request.isAsyncStarted() && endOnCompletion(decision, request);
        } finally {
            if (!handedOver) {
                decision.inFlightEnded();
            }
        }
    }

    /** Leaves the end to the asynchronous request's completion; {@code false} when it cannot be observed. */
    private static boolean endOnCompletion(Decision decision, HttpServletRequest request) {
        try {
            request.getAsyncContext().addListener(new End(decision));
            return true;
        } catch (IllegalStateException e) {
            return false; // completed in the meantime: the request is over
        }
    }

    /** Ends the count once, at the first of completion, error and time-out. */
    private static final class End implements AsyncListener {
        private final Decision decision;
        private final AtomicBoolean done = new AtomicBoolean();

        End(Decision decision) {
            this.decision = decision;
        }

        private void end() {
            if (done.compareAndSet(false, true)) {
                decision.inFlightEnded();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // asynchronous again after a dispatch: still in flight
        }
    }
}
