package io.github.maintenance.spring.boot;

import io.github.maintenance.notify.WebhookNotifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code maintenance.notify.*} properties: webhook notifications of changes and the alert
 * rules ({@link MaintenanceNotifyAutoConfiguration}).
 */
@ConfigurationProperties(MaintenanceNotifyProperties.PREFIX)
public class MaintenanceNotifyProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "maintenance.notify";

    /**
     * The URLs every notification is posted to (http or https). Unset: no notifications. They pass
     * the same URL policy as custom page URLs ({@code maintenance.page.url.*}).
     */
    private List<String> webhookUrls = new ArrayList<>();

    /**
     * The secret the posts are signed with (HMAC-SHA256, Standard Webhooks headers {@code webhook-id},
     * {@code webhook-timestamp}, {@code webhook-signature}); a {@code whsec_} secret is Base64.
     * Required unless {@code unsigned} is true.
     */
    private String webhookSecret;

    /** Send the posts without a signature (for receivers such as Slack incoming webhooks). */
    private boolean unsigned;

    /** The body: {@code json} (the notification's fields) or {@code slack} (one {@code text} field). */
    private WebhookNotifier.Format format = WebhookNotifier.Format.JSON;

    /** How many notifications may wait for delivery; more are dropped and counted. */
    private int queueSize = WebhookNotifier.DEFAULT_QUEUE_SIZE;

    /** Attempts per notification and URL, on connection errors, 5xx and 429. */
    private int maxAttempts = WebhookNotifier.DEFAULT_MAX_ATTEMPTS;

    /** Time-out of one attempt. */
    private Duration timeout = WebhookNotifier.DEFAULT_TIMEOUT;

    /** Alert when a route has been in maintenance longer than this. Unset: no such alert. */
    private Duration alertLongerThan;

    /** Alert when a route's maintenance hits exceed this many per minute. Unset: no such alert. */
    private Long alertHitsPerMinute;

    /** Properties with their defaults (no webhook). */
    public MaintenanceNotifyProperties() {
    }

    public List<String> getWebhookUrls() {
        return webhookUrls;
    }

    public void setWebhookUrls(List<String> webhookUrls) {
        this.webhookUrls = webhookUrls;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public boolean isUnsigned() {
        return unsigned;
    }

    public void setUnsigned(boolean unsigned) {
        this.unsigned = unsigned;
    }

    public WebhookNotifier.Format getFormat() {
        return format;
    }

    public void setFormat(WebhookNotifier.Format format) {
        this.format = format;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getAlertLongerThan() {
        return alertLongerThan;
    }

    public void setAlertLongerThan(Duration alertLongerThan) {
        this.alertLongerThan = alertLongerThan;
    }

    public Long getAlertHitsPerMinute() {
        return alertHitsPerMinute;
    }

    public void setAlertHitsPerMinute(Long alertHitsPerMinute) {
        this.alertHitsPerMinute = alertHitsPerMinute;
    }
}
