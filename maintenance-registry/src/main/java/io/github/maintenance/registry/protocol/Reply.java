package io.github.maintenance.registry.protocol;

/**
 * Response lines and the exact error texts of the protocol. Every method returns one line
 * without its terminating {@code \n}.
 *
 * <p>Error texts echo user input only through {@link #printable(String, int)}: control
 * characters and {@code |} replaced by {@code ?}, length capped, so a reply is always one line
 * with the fields the client expects.
 */
public final class Reply {

    /** {@code ACK}: a session was created ({@code ACK|sid}) or a maintenance change took effect. */
    public static final String ACK = "ACK";
    public static final String OK = "OK";
    public static final String PONG = "PONG";
    public static final String REREGISTER = "REREGISTER";
    public static final String ROUTE_OK = "ROUTE_OK";
    public static final String ROUTE_BULK_OK = "ROUTE_BULK_OK";
    public static final String ROUTE_LIST_OK = "ROUTE_LIST_OK";
    public static final String SESSION_OK = "SESSION_OK";
    public static final String HEADERS_OK = "HEADERS_OK";
    public static final String OPTIONS_OK = "OPTIONS_OK";
    public static final String HEALTH_OK = "HEALTH_OK";
    public static final String RATELIMIT_OK = "RATELIMIT_OK";
    public static final String CIRCUIT_OK = "CIRCUIT_OK";
    public static final String CIRCUIT_STATUS_OK = "CIRCUIT_STATUS_OK";
    public static final String DIFF_OK = "DIFF_OK";
    public static final String STATS_OK = "STATS_OK";
    public static final String BACKEND_OK = "BACKEND_OK";
    public static final String BACKEND_FAIL = "BACKEND_FAIL";
    public static final String DRAIN_OK = "DRAIN_OK";
    public static final String DRAIN_STATUS_OK = "DRAIN_STATUS_OK";
    public static final String SUBSCRIBE_OK = "SUBSCRIBE_OK";
    public static final String UNSUBSCRIBE_OK = "UNSUBSCRIBE_OK";
    public static final String MAINT_OK = "MAINT_OK";
    public static final String MAINT_STATUS_OK = "MAINT_STATUS_OK";
    public static final String SCHEDULE_OK = "SCHEDULE_OK";
    public static final String SCHEDULES_OK = "SCHEDULES_OK";
    public static final String UNSCHEDULE_OK = "UNSCHEDULE_OK";
    public static final String MAINT_ROUTES_OK = "MAINT_ROUTES_OK";
    public static final String SHUTDOWN_OK = "SHUTDOWN_OK";
    public static final String EVENT = "EVENT";
    public static final String ERROR = "ERROR";

    // Error texts (after "ERROR|"), exactly as the protocol specifies them.
    public static final String NO_SESSION = "no session";
    public static final String INVALID_FORMAT = "invalid format";
    public static final String SESSION_NOT_FOUND = "session not found";
    public static final String INVALID_ENCODING = "invalid encoding";
    public static final String LINE_TOO_LONG = "line too long";
    public static final String INTERNAL_ERROR = "internal error";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String INVALID_MAINTENANCE_PORT = "invalid maintenance port";
    public static final String INVALID_SERVICE_NAME = "invalid service name";
    public static final String INVALID_INSTANCE_NAME = "invalid instance name";
    public static final String INVALID_METADATA_JSON = "invalid metadata json";
    public static final String METADATA_TOO_LARGE = "metadata too large";
    public static final String NO_DOMAINS = "no domains specified";
    public static final String EMPTY_PATH = "path cannot be empty";
    public static final String INVALID_BACKEND_URL_FORMAT = "invalid backend url format";
    public static final String INVALID_BACKEND_URL = "invalid backend url";
    public static final String PATH_MUST_START_WITH_SLASH = "path must start with /";
    public static final String INVALID_PRIORITY = "invalid priority";
    public static final String TOO_MANY_ROUTES = "too many routes";
    public static final String INVALID_JSON = "invalid json";
    public static final String UNKNOWN_FIELD = "unknown field";
    public static final String ROUTE_NOT_FOUND = "route not found";
    /** Start of the error text for a malformed target. */
    public static final String INVALID_TARGET = "invalid target";
    public static final String ROUTE_HEADERS_UNSUPPORTED = "route-specific headers not yet supported";
    public static final String ROUTE_OPTIONS_UNSUPPORTED = "route-specific options not yet supported";
    public static final String INVALID_HEADER = "invalid header";
    public static final String INVALID_OPTION = "invalid option";
    public static final String TOO_MANY_HEADERS = "too many headers";
    public static final String TOO_MANY_OPTIONS = "too many options";
    public static final String INVALID_NUMBER = "invalid number";
    public static final String INVALID_DURATION = "invalid duration";
    public static final String INVALID_TIME = "invalid time: expected RFC 3339 such as 2026-05-01T14:00:00Z";
    public static final String INVALID_PATH = "invalid path";
    public static final String BACKEND_STATUS_UNAVAILABLE = "backend status unavailable";
    public static final String CIRCUIT_BREAKER_NOT_FOUND = "circuit breaker not found";
    public static final String NO_DRAIN = "no drain in progress";
    public static final String UNKNOWN_EVENT_TYPE = "unknown event type";
    public static final String INVALID_PAGE_URL = "invalid maintenance page url";
    public static final String PAGE_TIMEOUT = "timeout waiting for maintenance page to become reachable";
    public static final String BACKEND_TIMEOUT = "timeout waiting for backend to become reachable";
    public static final String INVALID_URL = "invalid url";
    public static final String RESPONSE_TOO_LARGE = "response too large";
    public static final String MAX_CONNECTIONS = "max connections exceeded";
    public static final String MAX_SESSIONS = "max sessions exceeded";
    public static final String AUTH_RATE_LIMIT = "auth rate limit exceeded";
    public static final String AUTH_TIMEOUT = "registration timeout exceeded";
    public static final String IDLE_TIMEOUT = "idle timeout exceeded";
    public static final String TOO_MANY_FAILURES = "too many failed commands without a session";
    public static final String EVENT_QUEUE = "event queue limit exceeded";
    /**
     * The warning of a change that took effect on this instance only, the cluster state store
     * being unavailable: the {@code "warning"} of {@code MAINT_STATUS_OK} next to {@code "stored":false}.
     */
    public static final String STORE_UNAVAILABLE = "applied on this instance only; the cluster store is unavailable";

    private Reply() {
    }

    /**
     * Whether an {@code ERROR|…} reply's text says the target itself was refused (no such route,
     * or a malformed target), as opposed to a failure of the registry: the error vocabulary of the
     * protocol, classified in one place for clients.
     */
    public static boolean refusesTarget(String errorText) {
        return errorText != null && (errorText.startsWith(ROUTE_NOT_FOUND) || errorText.startsWith(INVALID_TARGET));
    }

    /** {@code ERROR|<text>}, the text made printable and at most 512 characters. */
    public static String error(String text) {
        return ERROR + "|" + printable(text, 512);
    }

    /** {@code ERROR|unknown command: <name>}, the name truncated to 64 characters and made printable. */
    public static String unknownCommand(String name) {
        return ERROR + "|unknown command: " + printable(name, 64);
    }

    /** {@code ERROR|route not found: <id>} for a target item. */
    public static String routeNotFound(String id) {
        return ERROR + "|" + ROUTE_NOT_FOUND + ": " + printable(id, 128);
    }

    /** {@code <token>|<payload>}. */
    public static String of(String token, String payload) {
        return token + "|" + payload;
    }

    /**
     * {@code value} with control characters and {@code |} replaced by {@code ?}, cut to
     * {@code max} characters.
     */
    public static String printable(String value, int max) {
        if (value == null) {
            return "";
        }
        int n = Math.min(value.length(), max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '|' || c == 0x2028 || c == 0x2029 ? '?' : c);
        }
        return sb.toString();
    }

    /** The payload of a reply line: everything after the first {@code |}, or {@code ""}. */
    public static String payload(String line) {
        int i = line.indexOf('|');
        return i < 0 ? "" : line.substring(i + 1);
    }

    /** The token of a reply line: everything before the first {@code |}. */
    public static String token(String line) {
        int i = line.indexOf('|');
        return i < 0 ? line : line.substring(0, i);
    }
}
