/**
 * Maintenance mode for Java web applications: the controller, its change model, routes, states,
 * pages, statistics, the state-store SPI, the file stores, the JMX MBean and notifications (webhooks).
 * Depends on SLF4J and the JDK's {@code java.management} and {@code java.net.http} only. The package
 * {@code io.github.maintenance.internal} holds the controller's collaborators and is not exported.
 */
module io.github.maintenance.core {
    requires org.slf4j;
    requires transitive java.management;
    requires java.net.http;

    exports io.github.maintenance;
    exports io.github.maintenance.audit;
    exports io.github.maintenance.breaker;
    exports io.github.maintenance.change;
    exports io.github.maintenance.cluster;
    exports io.github.maintenance.event;
    exports io.github.maintenance.jmx;
    exports io.github.maintenance.notify;
    exports io.github.maintenance.page;
    exports io.github.maintenance.route;
    exports io.github.maintenance.schedule;
    exports io.github.maintenance.security;
    exports io.github.maintenance.spi;
    exports io.github.maintenance.state;
    exports io.github.maintenance.stats;
    exports io.github.maintenance.store;
}
