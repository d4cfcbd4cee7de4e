package io.github.maintenance.registry.protocol;

/**
 * A command refused with an error text: the reply is {@code ERROR|<text>}. Nothing was changed.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param text the error text after {@code ERROR|} */
    public ProtocolException(String text) {
        super(text, null, false, false);
    }

    /** The reply line, {@code ERROR|<text>}. */
    public String reply() {
        return Reply.error(getMessage());
    }
}
