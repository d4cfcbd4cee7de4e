package io.github.maintenance.notify;

import io.github.maintenance.UrlPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one message to one destination, retrying with exponential back-off: connection errors
 * and timeouts, {@code 5xx} and {@code 429} are retried (a {@code Retry-After} in seconds is
 * honoured, up to the maximum back-off); any other status outside {@code 2xx} (redirects included:
 * they are not followed) fails at once. Each attempt first resolves the host through the URL
 * policy, as the page proxy does, and is signed afresh (same id, new timestamp).
 */
final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    /** The outcome of one attempt. */
    private record Attempt(boolean delivered, boolean retry, Duration retryAfter, String problem) {
    }

    private final HttpClient client;
    private final WebhookSignature signature;
    private final UrlPolicy policy;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;

    WebhookSender(WebhookSignature signature, UrlPolicy policy, Duration timeout, int maxAttempts,
                  Duration initialBackoff, Duration maxBackoff, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.signature = signature;
        this.policy = policy;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /**
     * Delivers {@code body} to {@code url}, retrying as the class comment says.
     *
     * @return whether it was delivered; {@code false} once it gave up (logged at WARN)
     * @throws InterruptedException when the notifier is closed meanwhile
     */
    boolean deliver(URI url, String id, byte[] body) throws InterruptedException {
        Attempt last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            last = attempt(url, id, body);
            if (last.delivered()) {
                return true;
            }
            if (!last.retry() || attempt == maxAttempts) {
                break;
            }
            Thread.sleep(delay(attempt, last.retryAfter()).toMillis());
        }
        LOG.warn("Webhook {} to {} gave up: {}", id, WebhookNotifier.redact(url), last.problem());
        return false;
    }

    private Attempt attempt(URI url, String id, byte[] body) throws InterruptedException {
        try {
            policy.resolve(url.getHost());
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "maintenance-webhook")
                    .header(WebhookSignature.ID_HEADER, id)
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (signature != null) {
                request.header(WebhookSignature.SIGNATURE_HEADER, signature.sign(id, timestamp, body));
            }
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, false, null, null);
            }
            boolean retry = status == 429 || status >= 500;
            Duration retryAfter = retry ? retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
            return new Attempt(false, retry, retryAfter, "HTTP status " + status
                    + (retry ? " after " + maxAttempts + " attempt(s)" : " (not retried)"));
        } catch (IOException e) {
            return new Attempt(false, true, null, e.toString() + " after " + maxAttempts + " attempt(s)");
        }
    }

    /** The pause after failed attempt number {@code attempt}: doubling back-off with jitter, or Retry-After. */
    Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        long base = initialBackoff.toMillis();
        for (int i = 1; i < attempt && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        // Equal jitter: between half and all of the base, so that instances do not retry in step.
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /** A {@code Retry-After} in whole seconds, or {@code null} when absent or not a number of seconds. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
