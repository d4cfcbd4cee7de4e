package io.github.maintenance.containers;

/** The container contract on Tomcat (see {@link TomcatContainer}). */
class TomcatContractTest extends ContainerContractTest {

    @Override
    String containerKey() {
        return "tomcat";
    }

    @Override
    ContainerServer newServer() {
        return new TomcatContainer();
    }
}
