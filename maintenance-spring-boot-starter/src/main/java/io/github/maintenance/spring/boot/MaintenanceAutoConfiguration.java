package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the maintenance mode in a servlet web application.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = MaintenanceProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MaintenanceProperties.class)
public class MaintenanceAutoConfiguration {

    /** Created by Spring. */
    public MaintenanceAutoConfiguration() {
    }

    /** The controller; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MaintenanceController maintenanceController(MaintenanceProperties properties) {
        return MaintenanceController.create(MaintenanceConfig.ofDefaults());
    }
}
