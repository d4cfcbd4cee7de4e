package io.github.maintenance.containers;

/** The container contract on Jetty (see {@link JettyContainer}). */
class JettyContractTest extends ContainerContractTest {

    @Override
    String containerKey() {
        return "jetty";
    }

    @Override
    ContainerServer newServer() {
        return new JettyContainer();
    }
}
