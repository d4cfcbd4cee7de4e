package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code maintenance} ({@link MaintenanceEndpoint}), when the Actuator is
 * present and the endpoint is available (access not {@code none} and exposed, e.g.
 * {@code management.endpoints.web.exposure.include=health,maintenance}).
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(MaintenanceController.class)
@ConditionalOnAvailableEndpoint(endpoint = MaintenanceEndpoint.class)
public class MaintenanceEndpointAutoConfiguration {

    /** Created by Spring. */
    public MaintenanceEndpointAutoConfiguration() {
    }

    /** The endpoint. */
    @Bean
    @ConditionalOnMissingBean
    public MaintenanceEndpoint maintenanceEndpoint(MaintenanceController controller) {
        return new MaintenanceEndpoint(controller);
    }
}
