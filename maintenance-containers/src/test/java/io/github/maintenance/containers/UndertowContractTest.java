package io.github.maintenance.containers;

/** The container contract on Undertow (see {@link UndertowContainer}). */
class UndertowContractTest extends ContainerContractTest {

    @Override
    String containerKey() {
        return "undertow";
    }

    @Override
    ContainerServer newServer() {
        return new UndertowContainer();
    }

    @Override
    boolean filtersStartBeforeLoadOnStartupServlets() {
        return false;
    }
}
