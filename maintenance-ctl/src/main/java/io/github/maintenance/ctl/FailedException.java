package io.github.maintenance.ctl;

/** The registry is unreachable or refused; the message is for the operator. Exit status 1. */
final class FailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The registry's error reply behind this failure, or {@code null} when it did not come from the registry. */
    private final String registryError;

    FailedException(String message) {
        super(message);
        this.registryError = null;
    }

    /** A failure that is the registry's {@code ERROR|…} reply. */
    FailedException(RegistryClient.RegistryException e) {
        super(e.error());
        this.registryError = e.error();
    }

    /** The registry's error reply behind this failure, or {@code null}. */
    String registryError() {
        return registryError;
    }
}
