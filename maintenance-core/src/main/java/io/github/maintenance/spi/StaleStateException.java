package io.github.maintenance.spi;

/** Thrown by {@link StateStore#save} when the store already holds the same or a newer version. */
public final class StaleStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The version that was refused. */
    private final long attempted;
    /** The version the store holds. */
    private final long current;

    /**
     * Creates the exception.
     * @param attempted the version that was refused
     * @param current the version the store holds, the same as or newer than {@code attempted}
     */
    public StaleStateException(long attempted, long current) {
        super("stale state: version " + attempted + " is not newer than the stored version " + current);
        this.attempted = attempted;
        this.current = current;
    }

    /** {@return the version that was refused} */
    public long attempted() {
        return attempted;
    }

    /** {@return the version the store holds} */
    public long current() {
        return current;
    }
}
