/** The standalone maintenance page server: the JDK and the core's page renderer only. */
module io.github.maintenance.standalone {
    requires transitive io.github.maintenance.core;
    requires java.net.http;

    exports io.github.maintenance.standalone;
}
