package io.github.maintenance.standalone;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the page server stops by itself ({@code --stop-when-healthy}): it sends {@code GET url}
 * every {@code interval}, and once {@code successes} answers in a row were healthy it stops as on
 * SIGTERM.
 *
 * <p>An answer is healthy when its status is 2xx (redirects are not followed: a 3xx is not
 * healthy) and its body is not the page server's own {@code /health} answer, so that a URL that
 * reaches a page server (this one through a proxy that falls back to it, say) never stops it.
 * A check that cannot connect, or has no answer within {@code timeout}, is not healthy and breaks
 * a run of successes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param url       the application's health URL: {@code http} or {@code https}, with a host and
 *                  without user information
 * @param interval  the time between the end of one check and the start of the next, 100 ms to 1 h
 * @param timeout   the connect time-out of one check, and again the time-out for its answer
 *                  (the head and the start of the body), 100 ms to 1 min
 * @param successes how many healthy answers in a row stop the server, 1 to 100
 */
public record HealthCheck(URI url, Duration interval, Duration timeout, int successes) {

    /** Default time between checks. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /** Default time-out of one check. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default number of healthy answers in a row. */
    public static final int DEFAULT_SUCCESSES = 2;

    /** The least interval and time-out. */
    static final Duration MIN = Duration.ofMillis(100);
    /** The greatest interval. */
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** The greatest time-out. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    /** The greatest number of successes. */
    static final int MAX_SUCCESSES = 100;

    /**
     * Checks every component.
     *
     * @param url       the health URL
     * @param interval  the time between checks
     * @param timeout   the time-out of one check
     * @param successes the healthy answers in a row needed
     * @throws IllegalArgumentException naming the rule a component breaks
     */
    public HealthCheck {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        String problem = urlProblem(url);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (interval.compareTo(MIN) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("interval: 100ms to 1h");
        }
        if (timeout.compareTo(MIN) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout: 100ms to 1m");
        }
        if (successes < 1 || successes > MAX_SUCCESSES) {
            throw new IllegalArgumentException("successes: 1 to " + MAX_SUCCESSES);
        }
    }

    /**
     * A check of {@code url} with the default interval, time-out and successes.
     *
     * @param url the health URL
     * @return the check
     * @throws IllegalArgumentException when the URL is not an http or https URL with a host
     */
    public static HealthCheck of(URI url) {
        return new HealthCheck(url, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_SUCCESSES);
    }

    /** What is wrong with a health URL, or {@code null}. */
    static String urlProblem(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "expected an http:// or https:// URL";
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return "the URL needs a host";
        }
        if (url.getRawUserInfo() != null) {
            return "user information (user:password@) is not supported";
        }
        return null;
    }
}
