package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code maintenance} health contributor on Spring Boot 3 ({@link MaintenanceHealthIndicator}),
 * when Boot 3's health API is present; off with {@code management.health.maintenance.enabled=false}.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnClass(name = MaintenanceHealthAutoConfiguration.BOOT3_HEALTH)
@ConditionalOnBean(MaintenanceController.class)
@ConditionalOnProperty(name = "management.health.maintenance.enabled", matchIfMissing = true)
public class MaintenanceHealthAutoConfiguration {

    /** Boot 3's health indicator type. */
    static final String BOOT3_HEALTH = "org.springframework.boot.actuate.health.HealthIndicator";

    /** Created by Spring. */
    public MaintenanceHealthAutoConfiguration() {
    }

    /** The contributor, named {@code maintenance} after the bean. */
    @Bean
    @ConditionalOnMissingBean(name = "maintenanceHealthIndicator")
    public MaintenanceHealthIndicator maintenanceHealthIndicator(MaintenanceController controller) {
        return new MaintenanceHealthIndicator(controller);
    }
}
