package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/** The circuit breaker of every route: {@code maintenance.circuit-breaker.*}. */
public class CircuitBreakerProperties {

    /** Whether server errors open the circuit (the route then answers with the page). */
    private boolean enabled = false;

    /** Failures within the window that open the circuit. */
    private int failures = 5;

    /** The window in which failures are counted. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration window = Duration.ofSeconds(60);

    /** How long the circuit stays open before trial requests pass. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration open = Duration.ofSeconds(30);

    /** Successful trial requests that close the circuit. */
    private int successes = 2;

    /** The defaults. */
    public CircuitBreakerProperties() {
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getFailures() {
        return failures;
    }

    public void setFailures(int failures) {
        this.failures = failures;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public Duration getOpen() {
        return open;
    }

    public void setOpen(Duration open) {
        this.open = open;
    }

    public int getSuccesses() {
        return successes;
    }

    public void setSuccesses(int successes) {
        this.successes = successes;
    }
}
