package io.github.maintenance.jmx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A registered {@link MaintenanceMXBean}; {@link #close()} unregisters it. Thread-safe; closing
 * twice does nothing.
 */
public final class JmxRegistration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJmx.class);

    private final MBeanServer server;
    private final ObjectName name;
    private final AtomicBoolean closed = new AtomicBoolean();

    JmxRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** {@return the object name under which the MBean is registered} */
    public ObjectName objectName() {
        return name;
    }

    /** {@return the MBean server it is registered in} */
    public MBeanServer server() {
        return server;
    }

    /** Unregisters the MBean; a failure is logged, never thrown. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.unregisterMBean(name);
            LOG.info("Maintenance MBean {} unregistered", name);
        } catch (InstanceNotFoundException e) {
            LOG.debug("Maintenance MBean {} was already unregistered", name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("Could not unregister the maintenance MBean {}: {}", name, e.toString());
        }
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
