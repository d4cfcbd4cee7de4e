package io.github.maintenance.micrometer;

import io.github.maintenance.notify.WebhookNotifier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Binds the delivery counters of a {@link WebhookNotifier} to Micrometer, so that lost
 * notifications show up in monitoring:
 *
 * <table>
 * <caption>Meters (default prefix {@value MaintenanceMetrics#DEFAULT_PREFIX})</caption>
 * <tr><th>name</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@code maintenance.notify.sent} ({@code maintenance_notify_sent_total})</td><td>function counter</td>
 *     <td>deliveries that succeeded, one per notification and URL</td></tr>
 * <tr><td>{@code maintenance.notify.failed} ({@code maintenance_notify_failed_total})</td><td>function counter</td>
 *     <td>deliveries given up after their attempts</td></tr>
 * <tr><td>{@code maintenance.notify.dropped} ({@code maintenance_notify_dropped_total})</td><td>function counter</td>
 *     <td>notifications dropped because the queue was full or the notifier closed</td></tr>
 * <tr><td>{@code maintenance.notify.queued}</td><td>gauge</td>
 *     <td>notifications waiting to be delivered</td></tr>
 * </table>
 *
 * <p>Every meter carries the tag {@code notifier} (default {@code webhook}), so that two
 * notifiers bound to one registry stay apart. Works with any {@link MeterRegistry}, without Spring.
 * Thread-safe; {@link #close()} removes the meters it registered.
 */
public final class NotifierMetrics implements MeterBinder, AutoCloseable {

    /** The default value of the {@code notifier} tag. */
    public static final String DEFAULT_NAME = "webhook";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private final WebhookNotifier notifier;
    private final String prefix;
    private final String name;
    private final List<Registered> registered = new ArrayList<>();

    private record Registered(MeterRegistry registry, Meter meter) {
    }

    /**
     * Meters named {@code maintenance.notify.*}, tagged {@code notifier=webhook}.
     *
     * @param notifier the notifier whose counters to read
     * @throws NullPointerException if {@code notifier} is null
     */
    public NotifierMetrics(WebhookNotifier notifier) {
        this(notifier, MaintenanceMetrics.DEFAULT_PREFIX, DEFAULT_NAME);
    }

    /**
     * Meters under another prefix, with another {@code notifier} tag.
     *
     * @param notifier the notifier whose counters to read
     * @param prefix   the meter name prefix, lower-case words separated by dots (e.g. {@code shop.maintenance})
     * @param name     the {@code notifier} tag's value: 1 to 64 of {@code A-Z a-z 0-9 . _ -}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the prefix or the name is malformed
     */
    public NotifierMetrics(WebhookNotifier notifier, String prefix, String name) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(name, "name");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be lower-case words separated by dots: " + prefix);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("notifier name must be 1 to 64 of A-Z a-z 0-9 . _ -: " + name);
        }
        this.prefix = prefix + ".notify";
        this.name = name;
    }

    /**
     * Registers the meters in {@code registry}. The meters read the notifier's counters when
     * the registry publishes; the notifier is held strongly until {@link #close()}.
     *
     * @param registry the registry to add the meters to
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("notifier", name);
        add(registry, FunctionCounter.builder(prefix + ".sent", notifier, WebhookNotifier::sent)
                .description("Webhook deliveries that succeeded, one per notification and URL")
                .tags(tags).register(registry));
        add(registry, FunctionCounter.builder(prefix + ".failed", notifier, WebhookNotifier::failed)
                .description("Webhook deliveries given up after their attempts")
                .tags(tags).register(registry));
        add(registry, FunctionCounter.builder(prefix + ".dropped", notifier, WebhookNotifier::dropped)
                .description("Notifications dropped because the queue was full or the notifier closed")
                .tags(tags).register(registry));
        add(registry, Gauge.builder(prefix + ".queued", notifier, WebhookNotifier::queued)
                .description("Notifications waiting to be delivered")
                .tags(tags).strongReference(true).register(registry));
    }

    private void add(MeterRegistry registry, Meter meter) {
        registered.add(new Registered(registry, meter));
    }

    /** Removes every meter this binder registered. Idempotent. */
    @Override
    public synchronized void close() {
        for (Registered r : registered) {
            r.registry().remove(r.meter());
        }
        registered.clear();
    }
}
