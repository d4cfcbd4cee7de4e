package io.github.maintenance.notify;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.internal.LogText;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each {@link Notification} to one or more URLs, signed with HMAC-SHA256 as
 * {@link WebhookSignature} describes (headers {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}).
 *
 * <h2>Bodies</h2>
 * {@link Format#JSON} (the default):
 * {@code {"type":"maintenance_entered","instance":"web-1","time":"2026-06-01T10:00:00Z","routes":["admin"],"source":"registry","actor":"ops","detail":"..."}};
 * {@link Format#SLACK}: {@code {"text":"[web-1] Maintenance entered on admin by ops (registry): ..."}},
 * which a Slack (or compatible) incoming-webhook URL accepts as is.
 *
 * <h2>Queue and threads</h2>
 * {@link #send} never blocks: it offers the notification to a bounded queue
 * ({@link Builder#queueSize}, default 1000) and, when the queue is full, drops it, counts it in
 * {@link #dropped()} and logs at WARN (the first drop, then every 100th). One daemon thread takes
 * notifications in order and delivers each to every URL in turn, retrying with back-off
 * ({@link Builder#maxAttempts}, default 5; {@link Builder#backoff}, default 1 s doubling up to
 * 60 s, with jitter): while it retries, later notifications wait in the queue.
 *
 * <h2>Destinations</h2>
 * URLs are checked at build time by the {@link UrlPolicy} (default {@link UrlPolicy#anyHost()},
 * the default of page URLs), and before each attempt the host's addresses are resolved through it
 * ({@link UrlPolicy#resolve}), so a name that comes to resolve to a refused address is not posted
 * to. Redirects are not followed. Logs show a URL's scheme, host and port only: incoming-webhook
 * URLs carry their secret in the path.
 *
 * <p>{@link #close()} stops the thread: the delivery in progress is interrupted and the
 * notifications still queued are discarded (counted in neither {@link #sent()} nor
 * {@link #failed()}); later sends are counted as dropped. Thread-safe.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {

    /** Attempts per notification and URL by default, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Notifications that may wait by default. */
    public static final int DEFAULT_QUEUE_SIZE = 1000;
    /** Connect and request timeout by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Pause before the first retry by default. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Longest pause between two attempts by default. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    /** Request body formats. */
    public enum Format {
        /** The JSON document of the class comment. */
        JSON,
        /** A Slack-compatible message: one {@code text} field. */
        SLACK
    }

    /** One queued notification: its id stays the same across retries and destinations. */
    private record Message(String id, Notification notification, byte[] body) {
    }

    private final List<URI> urls;
    private final Format format;
    private final WebhookSender sender;
    private final BlockingQueue<Message> queue;
    private final Thread worker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    private WebhookNotifier(Builder b, List<URI> urls, WebhookSignature signature) {
        this.urls = urls;
        this.format = b.format;
        this.sender = new WebhookSender(signature, b.urlPolicy, b.timeout, b.maxAttempts, b.initialBackoff,
                b.maxBackoff, b.clock);
        this.queue = new ArrayBlockingQueue<>(b.queueSize);
        this.worker = new Thread(this::run, "maintenance-webhook");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues {@code notification} for delivery, or drops it when the queue is full or the notifier
     * is closed. Never blocks.
     *
     * @param notification what to deliver
     */
    @Override
    public void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        Message m = new Message("msg_" + UUID.randomUUID().toString().replace("-", ""), notification,
                WebhookPayload.body(notification, format));
        if (closed || !queue.offer(m)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("Webhook notification {} dropped: {} ({} dropped so far)", notification.type().wireName(),
                        closed ? "the notifier is closed" : "the queue is full", n);
            }
        }
    }

    private void run() {
        try {
            while (!closed) {
                Message m = queue.take();
                for (URI url : urls) {
                    if (deliver(url, m)) {
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers one message to one URL; an unexpected error fails that delivery, not the thread. */
    private boolean deliver(URI url, Message m) throws InterruptedException {
        try {
            return sender.deliver(url, m.id(), m.body());
        } catch (RuntimeException e) {
            LOG.warn("Webhook {} to {} failed: {}", m.id(), redact(url), e.toString(), e);
            return false;
        }
    }

    /** {@return the deliveries that succeeded, one per notification and URL} */
    public long sent() {
        return sent.get();
    }

    /** {@return the deliveries given up after their attempts, one per notification and URL} */
    public long failed() {
        return failed.get();
    }

    /** {@return the notifications dropped because the queue was full or the notifier closed} */
    public long dropped() {
        return dropped.get();
    }

    /** {@return the notifications waiting in the queue (not counting the one being delivered)} */
    public int queued() {
        return queue.size();
    }

    /** {@return the destinations} */
    public List<URI> urls() {
        return urls;
    }

    /** Stops the delivery thread and discards what is still queued. Idempotent. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        queue.clear();
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (URI u : urls) {
            shown.add(redact(u));
        }
        return "WebhookNotifier" + shown;
    }

    /** {@code scheme://host[:port]}, plus {@code /...} when the URL has more: for logs and errors. */
    static String redact(URI url) {
        String s = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        String rest = url.getRawPath() == null ? "" : url.getRawPath();
        return rest.isEmpty() && url.getRawQuery() == null ? s : s + "/...";
    }

    /**
     * Builds a {@link WebhookNotifier}: at least one {@link #url}, and a {@link #secret} or
     * {@link #unsigned()}. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> urls = new ArrayList<>();
        private String secret;
        private boolean unsigned;
        private Format format = Format.JSON;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private int queueSize = DEFAULT_QUEUE_SIZE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private UrlPolicy urlPolicy = UrlPolicy.anyHost();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Adds a destination: an absolute {@code http} or {@code https} URL the {@link #urlPolicy} allows.
         *
         * @param value the URL
         * @return this builder
         */
        public Builder url(String value) {
            urls.add(Objects.requireNonNull(value, "url"));
            return this;
        }

        /**
         * The shared secret the requests are signed with (see {@link WebhookSignature}); 32 random
         * bytes, or a {@code whsec_<base64>} secret, are a good choice.
         *
         * @param value the secret
         * @return this builder
         */
        public Builder secret(String value) {
            this.secret = Objects.requireNonNull(value, "secret");
            return this;
        }

        /**
         * Sends without a {@code webhook-signature} header: for receivers that cannot check one,
         * such as chat incoming webhooks, whose URL is the secret.
         *
         * @return this builder
         */
        public Builder unsigned() {
            this.unsigned = true;
            return this;
        }

        /**
         * The body format; default {@link Format#JSON}.
         *
         * @param value the format
         * @return this builder
         */
        public Builder format(Format value) {
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /**
         * How many attempts per notification and URL, the first included; default 5.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        /**
         * The pause before the first retry, doubled before each next one up to {@code max}; each
         * pause is drawn between half and all of that value (jitter). Default 1 s up to 60 s.
         *
         * @param initial the first pause; positive
         * @param max     the longest pause, also the cap on a {@code Retry-After}; at least {@code initial}
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * How many notifications may wait; default 1000. Beyond that, they are dropped.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder queueSize(int value) {
            this.queueSize = value;
            return this;
        }

        /**
         * The connect timeout and the timeout of each request; default 5 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = Objects.requireNonNull(value, "timeout");
            return this;
        }

        /**
         * Which destinations are allowed; default {@link UrlPolicy#anyHost()}, as for page URLs.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder urlPolicy(UrlPolicy value) {
            this.urlPolicy = Objects.requireNonNull(value, "urlPolicy");
            return this;
        }

        /**
         * The clock of the {@code webhook-timestamp} header; default the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Checks the settings and starts the notifier's thread.
         *
         * @return the notifier; close it when done
         * @throws IllegalArgumentException naming the first setting that is wrong (no URL, a URL
         *                                  the policy refuses, no secret and not unsigned, a bound out of range)
         */
        public WebhookNotifier build() {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("a webhook needs at least one url");
            }
            List<URI> checked = new ArrayList<>();
            for (String u : urls) {
                checked.add(check(u));
            }
            if (secret != null && unsigned) {
                throw new IllegalArgumentException("a webhook is either signed with a secret or unsigned, not both");
            }
            if (secret == null && !unsigned) {
                throw new IllegalArgumentException("a webhook needs a secret to sign with, or unsigned()");
            }
            WebhookSignature signature = secret == null ? null : WebhookSignature.of(secret);
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            if (queueSize < 1) {
                throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff must be positive, its maximum at least its start: "
                        + initialBackoff + ", " + maxBackoff);
            }
            return new WebhookNotifier(this, List.copyOf(checked), signature);
        }

        private URI check(String url) {
            try {
                return urlPolicy.check(url);
            } catch (MaintenanceException e) {
                String m = e.getMessage();
                int i = m.indexOf("': ");
                String rule = i >= 0 ? m.substring(i + 3) : m;
                String shown;
                try {
                    URI u = new URI(url.trim());
                    shown = u.getScheme() == null || u.getHost() == null ? "'" + LogText.safe(url) + "'" : redact(u);
                } catch (java.net.URISyntaxException x) {
                    shown = "'" + LogText.safe(url) + "'";
                }
                throw new IllegalArgumentException("invalid webhook url " + shown + ": " + rule, e);
            }
        }
    }
}
