package io.github.maintenance.registry.protocol;

import io.github.maintenance.MaintenanceException;

/**
 * A command refused with an error text: the reply is {@code ERROR|<text>}. Nothing was changed.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param text the error text after {@code ERROR|} */
    public ProtocolException(String text) {
        super(text, null, false, false);
    }

    /**
     * The refusal of a change by the core (a value rule, or the controller), answered by its
     * {@linkplain MaintenanceException#kind() kind}: a refused page URL is
     * {@code invalid maintenance page url} and a refused duration {@code invalid duration}, as the
     * protocol specifies them; every other kind answers with the core's own words, which name the
     * value and the rule ({@code route not found: r9}, {@code schedule not found: sch-…},
     * {@code invalid target '…': …}, {@code invalid time for 'end': …}).
     *
     * @param e the core's refusal
     * @return the exception carrying the error text
     */
    public static ProtocolException refused(MaintenanceException e) {
        String text = switch (e.kind()) {
            case INVALID_URL -> Reply.INVALID_PAGE_URL;
            case INVALID_DURATION -> Reply.INVALID_DURATION;
            case UNKNOWN_ROUTE, UNKNOWN_SCHEDULE, DUPLICATE_ROUTE, INVALID_TARGET, INVALID_ROUTE, INVALID_TIME,
                    INVALID_VALUE, CONFLICT, LIMIT_EXCEEDED, STORE_UNAVAILABLE, CONFIGURATION -> e.getMessage();
        };
        return new ProtocolException(text);
    }

    /** {@return the reply line, {@code ERROR|<text>}} */
    public String reply() {
        return Reply.error(getMessage());
    }
}
