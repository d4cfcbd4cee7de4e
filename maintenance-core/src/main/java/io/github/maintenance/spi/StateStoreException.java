package io.github.maintenance.spi;

/** The backing of a {@link StateStore} failed (I/O, network, a corrupt record). */
public class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateStoreException(String message) {
        super(message);
    }

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
