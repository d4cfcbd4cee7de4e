package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.micrometer.NotifierMetrics;
import io.github.maintenance.notify.AlertRules;
import io.github.maintenance.notify.Notifications;
import io.github.maintenance.notify.WebhookNotifier;
import io.github.maintenance.notify.WebhookSignature;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Webhook notifications of the controller's changes and the alert rules, when
 * {@code maintenance.notify.webhook-urls} is set. The notifier and the bridge are closed with the
 * context (the bridge first: Spring destroys dependants before their dependencies).
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnBean(MaintenanceController.class)
@Conditional(MaintenanceNotifyAutoConfiguration.WebhookUrlsSet.class)
@EnableConfigurationProperties(MaintenanceNotifyProperties.class)
public class MaintenanceNotifyAutoConfiguration {

    /** Created by Spring. */
    public MaintenanceNotifyAutoConfiguration() {
    }

    /** The webhook notifier, checked against the controller's URL policy. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public WebhookNotifier maintenanceWebhookNotifier(MaintenanceController controller,
            MaintenanceNotifyProperties properties) {
        WebhookNotifier.Builder b = WebhookNotifier.builder()
                .format(properties.getFormat())
                .urlPolicy(controller.config().urlPolicy());
        properties.getWebhookUrls().forEach(b::url);
        String secret = properties.getWebhookSecret();
        if (properties.isUnsigned()) {
            if (secret != null && !secret.isEmpty()) {
                throw new InvalidConfigurationPropertyValueException(MaintenanceNotifyProperties.PREFIX + ".unsigned",
                        true, "cannot be combined with webhook-secret");
            }
            b.unsigned();
        } else {
            if (secret == null || secret.isBlank()) {
                throw new InvalidConfigurationPropertyValueException(MaintenanceNotifyProperties.PREFIX
                        + ".webhook-secret", "(not set)", "required to sign the posts (or set unsigned=true)");
            }
            try {
                WebhookSignature.of(secret);
            } catch (IllegalArgumentException e) {
                throw invalid("webhook-secret", "(not shown)", e);
            }
            b.secret(secret);
        }
        if (properties.getQueueSize() < 1) {
            throw new InvalidConfigurationPropertyValueException(MaintenanceNotifyProperties.PREFIX + ".queue-size",
                    properties.getQueueSize(), "must be at least 1");
        }
        if (properties.getMaxAttempts() < 1) {
            throw new InvalidConfigurationPropertyValueException(MaintenanceNotifyProperties.PREFIX + ".max-attempts",
                    properties.getMaxAttempts(), "must be at least 1");
        }
        if (properties.getTimeout() == null || properties.getTimeout().isNegative() || properties.getTimeout().isZero()) {
            throw new InvalidConfigurationPropertyValueException(MaintenanceNotifyProperties.PREFIX + ".timeout",
                    properties.getTimeout(), "must be positive");
        }
        b.queueSize(properties.getQueueSize()).maxAttempts(properties.getMaxAttempts()).timeout(properties.getTimeout());
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw invalid("webhook-urls", "(not shown)", e);
        }
    }

    /** The bridge from the controller's events and the alert rules to the notifier. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Notifications maintenanceNotifications(MaintenanceController controller, WebhookNotifier notifier,
            MaintenanceNotifyProperties properties) {
        AlertRules rules = AlertRules.custom();
        if (properties.getAlertLongerThan() != null) {
            try {
                rules = rules.maintenanceLongerThan(properties.getAlertLongerThan());
            } catch (IllegalArgumentException e) {
                throw invalid("alert-longer-than", properties.getAlertLongerThan(), e);
            }
        }
        if (properties.getAlertHitsPerMinute() != null) {
            try {
                rules = rules.hitsPerMinuteAbove(properties.getAlertHitsPerMinute());
            } catch (IllegalArgumentException e) {
                throw invalid("alert-hits-per-minute", properties.getAlertHitsPerMinute(), e);
            }
        }
        return Notifications.attach(controller, notifier, rules);
    }

    /**
     * The notifier's delivery counters as meters ({@code maintenance.notify.sent}, {@code .failed},
     * {@code .dropped}, {@code .queued}) when {@code maintenance-micrometer} is on the class path;
     * Spring Boot binds them to its registries like any {@code MeterBinder}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.binder.MeterBinder",
            "io.github.maintenance.micrometer.NotifierMetrics"})
    static class NotifierMetricsConfiguration {

        /** The webhook notifier's meters, removed when the context closes. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        NotifierMetrics maintenanceNotifierMetrics(WebhookNotifier notifier) {
            return new NotifierMetrics(notifier);
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value,
            IllegalArgumentException e) {
        return new InvalidConfigurationPropertyValueException(MaintenanceNotifyProperties.PREFIX + "." + name, value,
                e.getMessage());
    }

    /** Matches when {@code maintenance.notify.webhook-urls} holds at least one URL (as a list or a comma string). */
    static final class WebhookUrlsSet implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind(MaintenanceNotifyProperties.PREFIX + ".webhook-urls", Bindable.listOf(String.class))
                    .map(urls -> urls.stream().anyMatch(u -> u != null && !u.isBlank()))
                    .orElse(false);
        }
    }
}
