package io.github.maintenance.containers;

/** Request hold on Tomcat (see {@link TomcatContainer}) with few request threads. */
class TomcatHoldTest extends ContainerHoldTest {

    @Override
    ContainerServer newServer(int threads) {
        return new TomcatContainer(threads);
    }
}
