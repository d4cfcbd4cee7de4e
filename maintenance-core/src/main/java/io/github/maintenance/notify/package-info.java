/**
 * Notifications: a {@link io.github.maintenance.notify.Notifier} SPI fed by
 * {@link io.github.maintenance.notify.Notifications} from a controller's events and alert rules,
 * and a signed webhook implementation, {@link io.github.maintenance.notify.WebhookNotifier}.
 * Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.notify;
