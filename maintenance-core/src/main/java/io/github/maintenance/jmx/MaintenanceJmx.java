package io.github.maintenance.jmx;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.util.Objects;

/**
 * Registers the {@link MaintenanceMXBean} of a controller in an MBean server, under
 * {@code <domain>:type=Maintenance,name=<instance name>} (the name is quoted with
 * {@link ObjectName#quote(String)} when it holds a character an object name does not allow
 * unquoted). The default domain is {@value #DEFAULT_DOMAIN}; the default server is the platform
 * MBean server.
 *
 * <p>Names are not made unique: registering a second controller with the same instance name in
 * the same server and domain fails with a {@link MaintenanceException} that says so; give each
 * controller its own {@code instanceName} (or domain).
 *
 * <pre>
 * try (JmxRegistration jmx = MaintenanceJmx.register(controller)) { ... }
 * </pre>
 *
 * {@link io.github.maintenance.MaintenanceConfig.Builder#jmx(boolean)} registers the controller
 * when it is created and unregisters it in {@code close()}.
 */
public final class MaintenanceJmx {

    /** The default domain of the object name. */
    public static final String DEFAULT_DOMAIN = "io.github.maintenance";

    /** The {@code type} key of the object name. */
    public static final String TYPE = "Maintenance";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJmx.class);

    private MaintenanceJmx() {
    }

    /**
     * Registers {@code controller} in the platform MBean server under the default domain.
     *
     * @param controller the controller to expose
     * @return the registration; close it to unregister
     * @throws io.github.maintenance.MaintenanceException when an MBean of that name is already registered
     */
    public static JmxRegistration register(MaintenanceController controller) {
        return register(controller, null, null);
    }

    /**
     * Registers {@code controller} in {@code server} under the default domain.
     *
     * @param controller the controller to expose
     * @param server the MBean server, or {@code null} for the platform MBean server
     * @return the registration; close it to unregister
     * @throws io.github.maintenance.MaintenanceException when an MBean of that name is already registered
     */
    public static JmxRegistration register(MaintenanceController controller, MBeanServer server) {
        return register(controller, server, null);
    }

    /**
     * Registers {@code controller}'s MBean.
     *
     * @param controller the controller to expose; its instance name is the object name's {@code name} key
     * @param server the MBean server, or {@code null} for the platform MBean server
     * @param domain the object name's domain, or {@code null} for {@value #DEFAULT_DOMAIN}
     * @return the registration; close it to unregister
     * @throws MaintenanceException when the domain is invalid or an MBean of that name is already
     *                              registered (another controller with the same instance name)
     */
    public static JmxRegistration register(MaintenanceController controller, MBeanServer server, String domain) {
        Objects.requireNonNull(controller, "controller");
        MBeanServer s = server == null ? ManagementFactory.getPlatformMBeanServer() : server;
        String instance = controller.config().instanceName();
        ObjectName name = objectName(domain, instance);
        try {
            s.registerMBean(new DescribedMXBean(new ControllerMXBean(controller)), name);
        } catch (InstanceAlreadyExistsException e) {
            throw new MaintenanceException(MaintenanceException.Kind.CONFIGURATION, "an MBean named " + name
                    + " is already registered: another maintenance controller has the instance name '"
                    + MaintenanceErrors.printable(instance) + "'; give each controller its own instanceName or jmxDomain");
        } catch (JMException e) {
            throw MaintenanceErrors.configuration("could not register the maintenance MBean " + name + ": " + e, e);
        }
        LOG.info("Maintenance MBean registered as {}", name);
        return new JmxRegistration(s, name);
    }

    /**
     * The object name of a controller's MBean.
     *
     * @param domain       the domain, or {@code null} for {@value #DEFAULT_DOMAIN}
     * @param instanceName the controller's instance name
     * @return {@code <domain>:type=Maintenance,name=<instanceName>}, the name quoted when needed
     * @throws MaintenanceException when the domain is empty, holds {@code :}, a wildcard or a line
     *                              break
     */
    public static ObjectName objectName(String domain, String instanceName) {
        String d = domain == null ? DEFAULT_DOMAIN : domain;
        if (d.isBlank() || d.length() > 128 || d.chars().anyMatch(c -> c == ':' || c == '*' || c == '?'
                || Character.isISOControl(c))) {
            throw MaintenanceErrors.invalidConfig("jmxDomain", d,
                    "1 to 128 characters, no ':', '*', '?' or control characters");
        }
        String value = ObjectName.quote(instanceName);
        if (instanceName.chars().noneMatch(c -> ",=:\"*?\\\n".indexOf(c) >= 0)) {
            value = instanceName;
        }
        try {
            return new ObjectName(d + ":type=" + TYPE + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw MaintenanceErrors.invalidConfig("jmxDomain", d, e.getMessage());
        }
    }
}
