package io.github.maintenance.breaker;

/** States of a route's circuit breaker. */
public enum CircuitState {
    /** Requests pass; failures are counted. */
    CLOSED("closed"),
    /** Requests get the maintenance page until the open time-out has elapsed. */
    OPEN("open"),
    /** Requests pass again; enough successes close the circuit, any failure re-opens it. */
    HALF_OPEN("half-open");

    private final String wireName;

    CircuitState(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the lower-case name used in JSON and on the registry wire: closed, open, half-open} */
    public String wireName() {
        return wireName;
    }
}
