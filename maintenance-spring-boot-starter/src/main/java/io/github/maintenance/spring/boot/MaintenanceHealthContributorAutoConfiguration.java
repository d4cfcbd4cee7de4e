package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code maintenance} health contributor on Spring Boot 4 ({@link MaintenanceHealthContributor}),
 * when Boot 4's health API is present and Boot 3's is not; off with
 * {@code management.health.maintenance.enabled=false}.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnClass(name = MaintenanceHealthContributorAutoConfiguration.BOOT4_HEALTH)
@ConditionalOnMissingClass(MaintenanceHealthAutoConfiguration.BOOT3_HEALTH)
@ConditionalOnBean(MaintenanceController.class)
@ConditionalOnProperty(name = "management.health.maintenance.enabled", matchIfMissing = true)
public class MaintenanceHealthContributorAutoConfiguration {

    /** Boot 4's health indicator type. */
    static final String BOOT4_HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";

    /** Created by Spring. */
    public MaintenanceHealthContributorAutoConfiguration() {
    }

    /** The contributor, named {@code maintenance} after the bean. */
    @Bean
    @ConditionalOnMissingBean(name = "maintenanceHealthIndicator")
    public MaintenanceHealthContributor maintenanceHealthIndicator(MaintenanceController controller) {
        return new MaintenanceHealthContributor(controller);
    }
}
