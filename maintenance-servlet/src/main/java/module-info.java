/**
 * The servlet filter, the page proxy, the access rules and the dashboard of the maintenance mode.
 * The servlet API is the container's.
 */
@SuppressWarnings("requires-automatic")
module io.github.maintenance.servlet {
    requires transitive io.github.maintenance.core;
    requires transitive jakarta.servlet;
    requires org.slf4j;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.jr.ob;

    exports io.github.maintenance.servlet;
    exports io.github.maintenance.servlet.access;
    exports io.github.maintenance.servlet.dashboard;
    exports io.github.maintenance.servlet.proxy;
}
