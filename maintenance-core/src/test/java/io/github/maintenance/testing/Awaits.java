package io.github.maintenance.testing;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The one way tests wait for something another thread or process does: poll a condition every
 * {@link #POLL_INTERVAL} and fail after {@link #TIMEOUT}. Tests never sleep; what a test can
 * drive itself (time, above all: see {@link MutableClock}) it drives instead of waiting for it.
 *
 * <pre>{@code
 * Awaits.await().until(() -> registry.stats().connectedSessions() == 0);
 * Awaits.await().untilAsserted(() -> assertThat(controller.totals().passed()).isEqualTo(1));
 * Awaits.await(Duration.ofSeconds(60)).until(demo::answers); // another JVM starting up
 * }</pre>
 *
 * <p>The time-out only bounds a failing test; a passing one returns as soon as the condition
 * holds, so a generous bound costs nothing.
 */
public final class Awaits {

    /** The standard bound of a wait: ample for anything in-process on a busy two-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How often the condition is evaluated; the first time without delay. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private Awaits() {
    }

    /** Waits at most {@link #TIMEOUT}, evaluating the condition every {@link #POLL_INTERVAL}. */
    public static ConditionFactory await() {
        return await(TIMEOUT);
    }

    /**
     * Waits at most {@code atMost}: for what takes longer than {@link #TIMEOUT} by nature, such as
     * another process starting up or a script running.
     */
    public static ConditionFactory await(Duration atMost) {
        return Awaitility.await()
                .atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL);
    }
}
