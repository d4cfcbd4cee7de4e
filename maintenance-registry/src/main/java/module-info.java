/**
 * The registry of the maintenance mode: a TCP control server speaking the V2 registry protocol
 * ({@code docs/registry-protocol.md}), and the protocol itself without sockets.
 */
module io.github.maintenance.registry {
    requires transitive io.github.maintenance.core;
    requires org.slf4j;
    requires java.net.http;
    requires jdk.net;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.jr.ob;

    exports io.github.maintenance.registry;
    exports io.github.maintenance.registry.protocol;
}
