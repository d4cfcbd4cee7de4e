package io.github.maintenance.spring.boot;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.servlet.InitParameters;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.dashboard.DashboardServlet;
import io.github.maintenance.servlet.dashboard.DashboardSettings;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.store.FlagFileWatcher;

import jakarta.servlet.DispatcherType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the maintenance mode in a servlet web application, from the
 * {@code maintenance.*} properties ({@link MaintenanceProperties}): the controller, the filter
 * (first in the chain, {@code /*}, {@code REQUEST} dispatches, async supported), and on request
 * the flag-file watcher, the dashboard servlet and the registry server. Each bean backs off when the
 * application defines its own. Off with {@code maintenance.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = MaintenanceProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MaintenanceProperties.class)
public class MaintenanceAutoConfiguration {

    /** The name of the filter registration. */
    public static final String FILTER_NAME = "maintenance";

    /** The name of the controller bean. */
    private static final String CONTROLLER_NAME = "maintenanceController";

    /** Created by Spring. */
    public MaintenanceAutoConfiguration() {
    }

    /**
     * The controller, with the store {@code maintenance.store.*} names (type jdbc: on the
     * application's {@code DataSource} unless {@code maintenance.store.jdbc.url} is set) and the
     * initial target in maintenance; closed (with its store) when the context closes.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MaintenanceController maintenanceController(MaintenanceProperties properties,
            ObjectProvider<DataSource> dataSource, ConfigurableListableBeanFactory beanFactory) {
        ClassLoader loader = loader();
        InitParameters parsed = StarterSettings.parse(properties, List.of(), loader);
        StateStore store = StateStores.create(properties.getStore(), loader,
                () -> dataSourceOfController(dataSource, beanFactory));
        MaintenanceController controller;
        MaintenanceConfig config;
        try {
            MaintenanceConfig.Builder builder = MaintenanceConfig.from(parsed.controllerConfig()).stateStore(store);
            if (properties.getInstanceName() != null) {
                builder.instanceName(properties.getInstanceName());
            }
            config = builder.build();
        } catch (MaintenanceException e) {
            store.close();
            throw invalid("maintenance.instance-name", properties.getInstanceName(), e);
        }
        try {
            config = MaintenanceConfig.from(config).clusterHeartbeat(properties.getCluster().getHeartbeat()).build();
        } catch (MaintenanceException e) {
            store.close();
            throw invalid("maintenance.cluster.heartbeat", properties.getCluster().getHeartbeat(), e);
        }
        try {
            controller = MaintenanceController.create(config);
        } catch (MaintenanceException e) {
            store.close();
            throw invalid("maintenance.instance-name", properties.getInstanceName(), e);
        }
        try {
            if (properties.getStore().getType() == StoreProperties.Type.REDIS
                    && properties.getStore().getRedis().isPublishCounters()) {
                RedisStores.publishCounters(store, controller);
            }
            if (parsed.initialMaintenance() != null) {
                controller.enter(parsed.initialMaintenance(), MaintenanceRequest.defaults(),
                        Cause.of(Cause.Source.CONFIG, "maintenance.initial-target"));
            }
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
        return controller;
    }

    /**
     * The start-up failure naming {@code property}, with the controller's message; the refusal is
     * attached as suppressed (this exception's cause is already set, to none).
     */
    private static InvalidConfigurationPropertyValueException invalid(String property, Object value,
            MaintenanceException e) {
        InvalidConfigurationPropertyValueException named = new InvalidConfigurationPropertyValueException(property,
                value, String.valueOf(e.getMessage()));
        named.addSuppressed(e);
        return named;
    }

    /**
     * The application's single (or primary) {@code DataSource}, or {@code null}; registered as a
     * dependency of the controller, so that the context closes the controller (and the store's
     * connections) before the pool.
     */
    private static DataSource dataSourceOfController(ObjectProvider<DataSource> provider,
            ConfigurableListableBeanFactory beanFactory) {
        DataSource dataSource = provider.getIfUnique();
        if (dataSource != null) {
            for (Map.Entry<String, DataSource> bean : beanFactory.getBeansOfType(DataSource.class).entrySet()) {
                if (bean.getValue() == dataSource) {
                    beanFactory.registerDependentBean(bean.getKey(), CONTROLLER_NAME);
                }
            }
        }
        return dataSource;
    }

    /**
     * The filter: named {@value #FILTER_NAME}, on {@code /*}, for {@code REQUEST} dispatches,
     * async supported, first in the chain (after Spring Security when roles or signed-in users
     * may pass, see {@link #filterOrder}). The operator's paths are exempt unless
     * {@code maintenance.exempt-operator-paths=false}.
     */
    @Bean
    @ConditionalOnMissingBean(value = MaintenanceFilter.class, parameterizedContainer = FilterRegistrationBean.class)
    public FilterRegistrationBean<MaintenanceFilter> maintenanceFilter(MaintenanceController controller,
            MaintenanceProperties properties, Environment environment) {
        ClassLoader loader = loader();
        InitParameters parsed = StarterSettings.parse(properties,
                OperatorPaths.of(environment, properties, loader), loader);
        FilterRegistrationBean<MaintenanceFilter> registration =
                new FilterRegistrationBean<>(new MaintenanceFilter(controller, parsed.filterSettings()));
        registration.setName(FILTER_NAME);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setAsyncSupported(true);
        registration.setOrder(filterOrder(properties, environment));
        return registration;
    }

    /** Spring Security's {@code SecurityProperties.DEFAULT_FILTER_ORDER}. */
    private static final int SPRING_SECURITY_DEFAULT_ORDER = -100;

    /**
     * {@code maintenance.filter-order} when set; else first, unless roles or signed-in users may
     * pass: then just after Spring Security's filter chain ({@code spring.security.filter.order},
     * default -100, plus one), which must have authenticated the request before the filter asks.
     */
    static int filterOrder(MaintenanceProperties properties, Environment environment) {
        if (properties.getFilterOrder() != null) {
            return properties.getFilterOrder();
        }
        BypassProperties bypass = properties.getBypass();
        if ((bypass.getRoles() == null || bypass.getRoles().isEmpty()) && !bypass.isAuthenticated()) {
            return Ordered.HIGHEST_PRECEDENCE;
        }
        String configured = environment.getProperty("spring.security.filter.order");
        int security = SPRING_SECURITY_DEFAULT_ORDER;
        if (configured != null && !configured.isBlank()) {
            try {
                security = Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationPropertyValueException("spring.security.filter.order", configured,
                        "expected an integer");
            }
        }
        return security == Integer.MAX_VALUE ? security : security + 1;
    }

    /** The flag-file watcher of {@code maintenance.flag-file.path}; closed before the controller. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = MaintenanceProperties.PREFIX, name = "flag-file.path")
    @ConditionalOnMissingBean
    public FlagFileWatcher maintenanceFlagFileWatcher(MaintenanceController controller,
            MaintenanceProperties properties) {
        WatchedFileProperties flag = properties.getFlagFile();
        Path file = flag.getPath().toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw new InvalidConfigurationPropertyValueException("maintenance.flag-file.path", flag.getPath(),
                    "must name a file in a directory");
        }
        try {
            return FlagFileWatcher.builder(controller, dir)
                    .fileName(file.getFileName().toString())
                    .pollInterval(flag.getPollInterval())
                    .start();
        } catch (MaintenanceException e) {
            InvalidConfigurationPropertyValueException named = new InvalidConfigurationPropertyValueException(
                    "maintenance.flag-file", flag.getPath(), String.valueOf(e.getMessage()));
            named.initCause(e);
            throw named;
        }
    }

    /**
     * The dashboard servlet on {@code maintenance.dashboard.path}, when
     * {@code maintenance.dashboard.enabled=true}.
     */
    @Bean
    @ConditionalOnProperty(prefix = MaintenanceProperties.PREFIX, name = "dashboard.enabled", havingValue = "true")
    @ConditionalOnMissingBean(value = DashboardServlet.class, parameterizedContainer = ServletRegistrationBean.class)
    public ServletRegistrationBean<DashboardServlet> maintenanceDashboard(MaintenanceController controller,
            MaintenanceProperties properties) {
        DashboardProperties d = properties.getDashboard();
        String path = d.getPath() == null ? "" : d.getPath().trim();
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("*")) {
            throw new InvalidConfigurationPropertyValueException("maintenance.dashboard.path", d.getPath(),
                    "must be a path such as /maintenance (starting with '/', not '/' alone, no trailing '/' or '*')");
        }
        if (d.getTokens().isEmpty() && d.getNamedTokens().isEmpty() && d.getTokenFile() == null
                && !d.isAllowLoopback()) {
            throw new InvalidConfigurationPropertyValueException("maintenance.dashboard.tokens", null,
                    "a token (or maintenance.dashboard.named-tokens.<name>, maintenance.dashboard.token-file, or "
                            + "maintenance.dashboard.allow-loopback=true)"
                            + " is required when maintenance.dashboard.enabled=true: without one every request is denied");
        }
        DashboardSettings settings = StarterSettings.dashboard(properties);
        ServletRegistrationBean<DashboardServlet> registration =
                new ServletRegistrationBean<>(new DashboardServlet(controller, settings), path + "/*");
        registration.setName("maintenanceDashboard");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * The registry server, when {@code maintenance.registry.enabled=true}: on
     * {@code maintenance.registry.bind-address} (loopback by default), tokens required.
     */
    @Bean
    @ConditionalOnProperty(prefix = MaintenanceProperties.PREFIX, name = "registry.enabled", havingValue = "true")
    @ConditionalOnMissingBean
    public MaintenanceRegistryServer maintenanceRegistryServer(MaintenanceController controller,
            MaintenanceProperties properties) {
        return new MaintenanceRegistryServer(controller, properties.getRegistry());
    }

    private static ClassLoader loader() {
        ClassLoader loader = ClassUtils.getDefaultClassLoader();
        return loader != null ? loader : MaintenanceAutoConfiguration.class.getClassLoader();
    }
}
