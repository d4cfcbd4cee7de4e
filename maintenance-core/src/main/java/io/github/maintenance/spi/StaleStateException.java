package io.github.maintenance.spi;

/** Thrown by {@link StateStore#save} when the store already holds the same or a newer version. */
public final class StaleStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long attempted;
    private final long current;

    public StaleStateException(long attempted, long current) {
        super("stale state: version " + attempted + " is not newer than the stored version " + current);
        this.attempted = attempted;
        this.current = current;
    }

    /** The version that was refused. */
    public long attempted() {
        return attempted;
    }

    /** The version the store holds. */
    public long current() {
        return current;
    }
}
