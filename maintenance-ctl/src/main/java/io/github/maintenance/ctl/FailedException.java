package io.github.maintenance.ctl;

/** The registry is unreachable or refused; the message is for the operator. Exit status 1. */
final class FailedException extends Exception {

    private static final long serialVersionUID = 1L;

    FailedException(String message) {
        super(message);
    }
}
