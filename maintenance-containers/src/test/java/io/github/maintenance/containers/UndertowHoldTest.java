package io.github.maintenance.containers;

/** Request hold on Undertow (see {@link UndertowContainer}) with few worker threads. */
class UndertowHoldTest extends ContainerHoldTest {

    @Override
    ContainerServer newServer(int threads) {
        return new UndertowContainer(threads);
    }
}
