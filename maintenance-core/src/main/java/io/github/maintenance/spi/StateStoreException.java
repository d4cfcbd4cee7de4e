package io.github.maintenance.spi;

/** The backing of a {@link StateStore} failed (I/O, network, a corrupt record). */
public class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what failed, for operators
     */
    public StateStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what failed, for operators
     * @param cause the failure of the backing
     */
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
