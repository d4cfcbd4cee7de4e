package io.github.maintenance.state;

/** What a route does with requests, by precedence: maintenance over draining over serving. */
public enum Phase {
    /** Requests pass to the application (unless the circuit breaker is open). */
    SERVING,
    /** Every request gets the maintenance response. */
    MAINTENANCE,
    /** A growing share of requests is rejected, as the drain policy says. */
    DRAINING
}
