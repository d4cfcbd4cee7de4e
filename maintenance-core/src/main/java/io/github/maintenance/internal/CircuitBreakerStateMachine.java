package io.github.maintenance.internal;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Lock-free circuit breaker of one route.
 *
 * <p>The whole state is one immutable {@link Snapshot} behind an {@link AtomicReference};
 * every change is a compare-and-set, so concurrent requests never lock. The common case, a
 * success while closed with no failures counted, changes nothing and allocates nothing.
 *
 * <p>Rules (those of the seeds): closed counts failures, forgetting them when the last failure
 * is older than the window, and any success resets the count; reaching the threshold opens.
 * Open rejects until the time-out has elapsed; the next request then half-opens and passes.
 * Half-open lets every request through: enough successes close, any failure re-opens.
 */
public final class CircuitBreakerStateMachine {

    /** Receives state changes; called on the thread that caused them. */
    public interface TransitionListener {
        void onTransition(CircuitState from, CircuitState to, Snapshot now);
    }

    /**
     * The breaker's state.
     *
     * @param state       current state
     * @param failures    failures counted while closed
     * @param successes   successes counted while half-open
     * @param lastFailure epoch millis of the last failure, or 0
     * @param openedAt    epoch millis of the last opening, or 0
     */
    public record Snapshot(CircuitState state, int failures, int successes, long lastFailure, long openedAt) {
    }

    private static final Snapshot INITIAL = new Snapshot(CircuitState.CLOSED, 0, 0, 0, 0);

    private final CircuitBreakerConfig config;
    private final long windowMillis;
    private final long openMillis;
    private final TransitionListener listener;
    private final AtomicReference<Snapshot> ref = new AtomicReference<>(INITIAL);

    public CircuitBreakerStateMachine(CircuitBreakerConfig config, TransitionListener listener) {
        this.config = config;
        this.windowMillis = config.failureWindow().toMillis();
        this.openMillis = config.openTimeout().toMillis();
        this.listener = listener;
    }

    public CircuitBreakerConfig config() {
        return config;
    }

    public Snapshot snapshot() {
        return ref.get();
    }

    /** Whether a request may pass at {@code now}; moves an expired open circuit to half-open. */
    public boolean allowRequest(long now) {
        Snapshot s = ref.get();
        if (s.state() != CircuitState.OPEN) {
            return true;
        }
        if (now - s.openedAt() < openMillis) {
            return false;
        }
        Snapshot half = new Snapshot(CircuitState.HALF_OPEN, 0, 0, s.lastFailure(), s.openedAt());
        if (ref.compareAndSet(s, half)) {
            listener.onTransition(CircuitState.OPEN, CircuitState.HALF_OPEN, half);
        }
        return true;
    }

    /** Records a successful response (status below 500). */
    public void onSuccess(long now) {
        while (true) {
            Snapshot s = ref.get();
            Snapshot next;
            switch (s.state()) {
                case CLOSED -> {
                    if (s.failures() == 0) {
                        return;
                    }
                    next = new Snapshot(CircuitState.CLOSED, 0, 0, s.lastFailure(), s.openedAt());
                }
                case HALF_OPEN -> {
                    int successes = s.successes() + 1;
                    next = successes >= config.successThreshold()
                            ? new Snapshot(CircuitState.CLOSED, 0, 0, s.lastFailure(), s.openedAt())
                            : new Snapshot(CircuitState.HALF_OPEN, 0, successes, s.lastFailure(), s.openedAt());
                }
                default -> {
                    return; // a response of a request admitted before the circuit opened
                }
            }
            if (ref.compareAndSet(s, next)) {
                if (next.state() != s.state()) {
                    listener.onTransition(s.state(), next.state(), next);
                }
                return;
            }
        }
    }

    /** Records a failure (status 500 or above, or an exception). */
    public void onFailure(long now) {
        while (true) {
            Snapshot s = ref.get();
            Snapshot next;
            switch (s.state()) {
                case CLOSED -> {
                    int failures = s.lastFailure() != 0 && now - s.lastFailure() > windowMillis ? 1 : s.failures() + 1;
                    next = failures >= config.failureThreshold()
                            ? new Snapshot(CircuitState.OPEN, failures, 0, now, now)
                            : new Snapshot(CircuitState.CLOSED, failures, 0, now, s.openedAt());
                }
                case HALF_OPEN -> next = new Snapshot(CircuitState.OPEN, s.failures(), 0, now, now);
                default -> next = new Snapshot(CircuitState.OPEN, s.failures(), s.successes(), now, s.openedAt());
            }
            if (ref.compareAndSet(s, next)) {
                if (next.state() != s.state()) {
                    listener.onTransition(s.state(), next.state(), next);
                }
                return;
            }
        }
    }

    /** Closes the circuit and clears its counts. */
    public void reset() {
        Snapshot s = ref.getAndSet(INITIAL);
        if (s.state() != CircuitState.CLOSED) {
            listener.onTransition(s.state(), CircuitState.CLOSED, INITIAL);
        }
    }
}
