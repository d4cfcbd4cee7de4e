/**
 * The runnable demo: an embedded Jetty 12 application with a home page, a JSON API and an admin
 * area behind {@link io.github.maintenance.servlet.MaintenanceFilter}, plus a loopback-only
 * control endpoint to toggle maintenance with {@code curl}. Start it with
 * {@code java -jar examples/target/maintenance-demo.jar}. Parameters and return values are
 * non-null unless documented otherwise.
 */
package io.github.maintenance.examples;
