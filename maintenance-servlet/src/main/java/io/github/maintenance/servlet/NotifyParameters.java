package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.ParameterValues.bool;
import static io.github.maintenance.servlet.ParameterValues.duration;
import static io.github.maintenance.servlet.ParameterValues.list;
import static io.github.maintenance.servlet.ParameterValues.trimmed;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.notify.AlertRules;
import io.github.maintenance.notify.Notifications;
import io.github.maintenance.notify.WebhookNotifier;
import io.github.maintenance.notify.WebhookSignature;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The webhook init-parameters of a filter that creates its own controller ({@link
 * InitParameters#WEBHOOK_URLS} and the others): checked when the parameters are parsed, so a bad
 * value stops the filter before anything starts; {@link #start} then builds the notifier with the
 * controller's URL policy and attaches it. Immutable; never shows the secret.
 */
final class NotifyParameters {

    /** The parameters read here. */
    static final Set<String> KEYS = Set.of(InitParameters.WEBHOOK_URLS, InitParameters.WEBHOOK_SECRET,
            InitParameters.WEBHOOK_UNSIGNED, InitParameters.WEBHOOK_FORMAT, InitParameters.ALERT_LONGER_THAN,
            InitParameters.ALERT_HITS_PER_MINUTE);

    /** No webhook configured. */
    static final NotifyParameters NONE = new NotifyParameters(List.of(), null, WebhookNotifier.Format.JSON,
            AlertRules.none());

    private final List<String> urls;
    private final String secret;
    private final WebhookNotifier.Format format;
    private final AlertRules rules;

    private NotifyParameters(List<String> urls, String secret, WebhookNotifier.Format format, AlertRules rules) {
        this.urls = List.copyOf(urls);
        this.secret = secret;
        this.format = format;
        this.rules = rules;
    }

    /**
     * Reads the webhook parameters.
     *
     * @throws io.github.maintenance.MaintenanceException naming the first bad parameter
     */
    static NotifyParameters parse(Map<String, String> params) {
        List<String> urls = list(params.get(InitParameters.WEBHOOK_URLS));
        if (urls.isEmpty()) {
            for (String key : KEYS) {
                if (trimmed(params.get(key)) != null) {
                    throw MaintenanceErrors.invalidConfig(key, key.equals(InitParameters.WEBHOOK_SECRET)
                            ? "(not shown)" : params.get(key), "needs " + InitParameters.WEBHOOK_URLS);
                }
            }
            return NONE;
        }
        boolean unsigned = bool(params, InitParameters.WEBHOOK_UNSIGNED, false);
        String secret = trimmed(params.get(InitParameters.WEBHOOK_SECRET));
        if (unsigned && secret != null) {
            throw MaintenanceErrors.invalidConfig(InitParameters.WEBHOOK_UNSIGNED, "true",
                    "cannot be combined with " + InitParameters.WEBHOOK_SECRET);
        }
        if (!unsigned) {
            if (secret == null) {
                throw MaintenanceErrors.invalidConfig(InitParameters.WEBHOOK_SECRET, "(not set)",
                        "required to sign the posts, or set " + InitParameters.WEBHOOK_UNSIGNED + "=true");
            }
            try {
                WebhookSignature.of(secret);
            } catch (IllegalArgumentException e) {
                throw MaintenanceErrors.invalidConfig(InitParameters.WEBHOOK_SECRET, "(not shown)", e.getMessage());
            }
        }
        WebhookNotifier.Format format = WebhookNotifier.Format.JSON;
        String f = trimmed(params.get(InitParameters.WEBHOOK_FORMAT));
        if (f != null) {
            switch (f.toLowerCase(Locale.ROOT)) {
                case "json" -> format = WebhookNotifier.Format.JSON;
                case "slack" -> format = WebhookNotifier.Format.SLACK;
                default -> throw MaintenanceErrors.invalidConfig(InitParameters.WEBHOOK_FORMAT, f,
                        "expected json or slack");
            }
        }
        AlertRules rules = AlertRules.custom();
        if (trimmed(params.get(InitParameters.ALERT_LONGER_THAN)) != null) {
            Duration d = duration(params, InitParameters.ALERT_LONGER_THAN, null);
            try {
                rules = rules.maintenanceLongerThan(d);
            } catch (IllegalArgumentException e) {
                throw MaintenanceErrors.invalidConfig(InitParameters.ALERT_LONGER_THAN,
                        params.get(InitParameters.ALERT_LONGER_THAN), e.getMessage());
            }
        }
        String hits = trimmed(params.get(InitParameters.ALERT_HITS_PER_MINUTE));
        if (hits != null) {
            try {
                rules = rules.hitsPerMinuteAbove(Long.parseLong(hits));
            } catch (IllegalArgumentException e) {
                throw MaintenanceErrors.invalidConfig(InitParameters.ALERT_HITS_PER_MINUTE, hits,
                        "expected a whole number of responses per minute, 0 for off");
            }
        }
        return new NotifyParameters(urls, secret, format, rules);
    }

    /** {@return whether a webhook is configured} */
    boolean configured() {
        return !urls.isEmpty();
    }

    /**
     * Builds the notifier (destinations checked against the controller's URL policy) and attaches
     * it to {@code controller}.
     *
     * @return what to close when the filter ends: the bridge, then the notifier
     * @throws io.github.maintenance.MaintenanceException when a URL is refused
     */
    AutoCloseable start(MaintenanceController controller) {
        WebhookNotifier.Builder b = WebhookNotifier.builder().format(format)
                .urlPolicy(controller.config().urlPolicy());
        if (secret == null) {
            b.unsigned();
        } else {
            b.secret(secret);
        }
        WebhookNotifier notifier;
        try {
            urls.forEach(b::url);
            notifier = b.build();
        } catch (IllegalArgumentException e) {
            throw MaintenanceErrors.invalidConfig(InitParameters.WEBHOOK_URLS, "(not shown)", e.getMessage());
        }
        Notifications notifications = Notifications.attach(controller, notifier, rules);
        return () -> {
            try {
                notifications.close();
            } finally {
                notifier.close();
            }
        };
    }

    @Override
    public String toString() {
        return configured() ? "webhooks=" + urls.size() + " (" + format.name().toLowerCase(Locale.ROOT)
                + (secret == null ? ", unsigned" : ", signed") + ", " + rules + ")" : "webhooks=none";
    }
}
