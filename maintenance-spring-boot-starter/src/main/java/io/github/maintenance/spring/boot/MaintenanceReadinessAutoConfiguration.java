package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Readiness from the maintenance state ({@link MaintenanceReadiness}): {@code REFUSING_TRAFFIC}
 * while the whole application drains. Off with {@code maintenance.readiness.enabled=false}.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnBean(MaintenanceController.class)
@ConditionalOnProperty(prefix = "maintenance.readiness", name = "enabled", matchIfMissing = true)
public class MaintenanceReadinessAutoConfiguration {

    /** Created by Spring. */
    public MaintenanceReadinessAutoConfiguration() {
    }

    /** The readiness source. */
    @Bean
    @ConditionalOnMissingBean
    public MaintenanceReadiness maintenanceReadiness(MaintenanceController controller, ApplicationContext context,
            ObjectProvider<ApplicationAvailability> availability) {
        return new MaintenanceReadiness(controller, context, availability.getIfAvailable());
    }
}
