package io.github.maintenance.notify;

/**
 * Delivers {@link Notification}s somewhere (a webhook, a chat, a log).
 *
 * <p><b>Contract.</b> {@link #send} is called on the controller's event thread or on the alert
 * thread of {@link Notifications}; it must return quickly and never block on the network: an
 * implementation that delivers remotely hands the notification to its own queue and thread, as
 * {@link WebhookNotifier} does. It must be thread-safe. An exception it throws is logged by the
 * caller and otherwise ignored.
 */
@FunctionalInterface
public interface Notifier {

    /** A notifier that drops everything. */
    Notifier NOOP = notification -> { };

    /**
     * Hands over one notification for delivery; returns without waiting for it.
     *
     * @param notification what to deliver
     */
    void send(Notification notification);
}
