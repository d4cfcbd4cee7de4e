package io.github.maintenance.spi;

/**
 * Thrown by {@link StateStore#load()} (or a decoder) when the stored state is damaged: it cannot be
 * parsed, a field breaks its rule, or its version cannot move on. The store is reachable; the next
 * save replaces the damaged state. The controller reports it loudly (ERROR log,
 * {@link StoreStatus#damage()}) and applies its damaged-state policy.
 */
public class DamagedStateException extends StateStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is damaged and why, for operators
     */
    public DamagedStateException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the problem found by a decoder.
     *
     * @param message what is damaged and why, for operators
     * @param cause   the decoder's exception
     */
    public DamagedStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
