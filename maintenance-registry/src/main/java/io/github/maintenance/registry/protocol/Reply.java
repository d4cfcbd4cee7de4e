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
    /** {@code OK}: RECONNECT resumed the session, or a CONFIG_VALIDATE, CONFIG_APPLY, CONFIG_ROLLBACK or CONFIG_APPLY_PARTIAL succeeded. */
    public static final String OK = "OK";
    /** {@code PONG}: the answer to PING. */
    public static final String PONG = "PONG";
    /** {@code REREGISTER}: RECONNECT found no session to resume; the client registers again. */
    public static final String REREGISTER = "REREGISTER";
    /** {@code ROUTE_OK}: a route was staged ({@code ROUTE_OK|<route_id>} for ROUTE_ADD; bare for ROUTE_UPDATE and ROUTE_REMOVE). */
    public static final String ROUTE_OK = "ROUTE_OK";
    /** {@code ROUTE_BULK_OK|<json>}: the routes ROUTE_ADD_BULK staged. */
    public static final String ROUTE_BULK_OK = "ROUTE_BULK_OK";
    /** {@code ROUTE_LIST_OK|<json>}: the session's routes, for ROUTE_LIST. */
    public static final String ROUTE_LIST_OK = "ROUTE_LIST_OK";
    /** {@code SESSION_OK|<json>}: the session's description, for SESSION_INFO. */
    public static final String SESSION_OK = "SESSION_OK";
    /** {@code HEADERS_OK}: HEADERS_SET or HEADERS_REMOVE was staged. */
    public static final String HEADERS_OK = "HEADERS_OK";
    /** {@code OPTIONS_OK}: OPTIONS_SET or OPTIONS_REMOVE was staged. */
    public static final String OPTIONS_OK = "OPTIONS_OK";
    /** {@code HEALTH_OK}: HEALTH_SET was staged. */
    public static final String HEALTH_OK = "HEALTH_OK";
    /** {@code RATELIMIT_OK}: RATELIMIT_SET was staged. */
    public static final String RATELIMIT_OK = "RATELIMIT_OK";
    /** {@code CIRCUIT_OK}: CIRCUIT_BREAKER_SET was staged, or CIRCUIT_BREAKER_RESET closed the breaker. */
    public static final String CIRCUIT_OK = "CIRCUIT_OK";
    /** {@code CIRCUIT_STATUS_OK|<json>}: a route's breaker state, for CIRCUIT_BREAKER_STATUS. */
    public static final String CIRCUIT_STATUS_OK = "CIRCUIT_STATUS_OK";
    /** {@code DIFF_OK|<json>}: the staged changes against the active configuration, for CONFIG_DIFF. */
    public static final String DIFF_OK = "DIFF_OK";
    /** {@code STATS_OK|<json>}: the traffic figures, for STATS_GET. */
    public static final String STATS_OK = "STATS_OK";
    /** {@code BACKEND_OK|<json>}: BACKEND_TEST reached the URL. */
    public static final String BACKEND_OK = "BACKEND_OK";
    /** {@code BACKEND_FAIL|<json>}: BACKEND_TEST could not reach the URL, or refused it ({@code invalid url}). */
    public static final String BACKEND_FAIL = "BACKEND_FAIL";
    /** {@code DRAIN_OK}: DRAIN_START began a drain ({@code DRAIN_OK|<RFC 3339 completion>}) or DRAIN_CANCEL ended it (bare). */
    public static final String DRAIN_OK = "DRAIN_OK";
    /** {@code DRAIN_STATUS_OK|<json>}: the drain's progress, for DRAIN_STATUS. */
    public static final String DRAIN_STATUS_OK = "DRAIN_STATUS_OK";
    /** {@code SUBSCRIBE_OK}: the session now receives events of the type. */
    public static final String SUBSCRIBE_OK = "SUBSCRIBE_OK";
    /** {@code UNSUBSCRIBE_OK}: the session no longer receives events of the type. */
    public static final String UNSUBSCRIBE_OK = "UNSUBSCRIBE_OK";
    /** {@code MAINT_OK|<target>}: the second line of MAINT_ENTER and MAINT_EXIT, once verification succeeded. */
    public static final String MAINT_OK = "MAINT_OK";
    /** {@code MAINT_STATUS_OK|<json>}: what is in maintenance, for MAINT_STATUS. */
    public static final String MAINT_STATUS_OK = "MAINT_STATUS_OK";
    /** {@code CLUSTER_OK|<json>}: the cluster view, for MAINT_CLUSTER. */
    public static final String CLUSTER_OK = "CLUSTER_OK";
    /** {@code SCHEDULE_OK|<id>}: MAINT_SCHEDULE or MAINT_SCHEDULE_EX scheduled a maintenance window. */
    public static final String SCHEDULE_OK = "SCHEDULE_OK";
    /** {@code SCHEDULES_OK|[…]}: the scheduled maintenance windows, for MAINT_SCHEDULES. */
    public static final String SCHEDULES_OK = "SCHEDULES_OK";
    /** {@code UNSCHEDULE_OK|<id>}: MAINT_UNSCHEDULE cancelled a scheduled window. */
    public static final String UNSCHEDULE_OK = "UNSCHEDULE_OK";
    /** {@code MAINT_ROUTES_OK|[…]}: every route of the controller, for MAINT_ROUTES. */
    public static final String MAINT_ROUTES_OK = "MAINT_ROUTES_OK";
    /** {@code REASON_OK}: MAINT_REASON set (or cleared) the reason of the session's following changes. */
    public static final String REASON_OK = "REASON_OK";
    /** {@code AUDIT_OK|{…}}: the newest entries of the audit trail, for MAINT_AUDIT. */
    public static final String AUDIT_OK = "AUDIT_OK";
    /** {@code SHUTDOWN_OK}: CLIENT_SHUTDOWN ended the session; the connection closes next. */
    public static final String SHUTDOWN_OK = "SHUTDOWN_OK";
    /** {@code EVENT|<type>|<json>}: an unsolicited event line sent to subscribed sessions. */
    public static final String EVENT = "EVENT";
    /** {@code ERROR|<text>}: the command was refused; the text is one of the constants below. */
    public static final String ERROR = "ERROR";

    // Error texts (after "ERROR|"), exactly as the protocol specifies them.
    /** Error text {@code no session}: a command other than REGISTER (or RECONNECT of a known session) before a session is bound. */
    public static final String NO_SESSION = "no session";
    /** Error text {@code invalid format}: fewer fields than the command needs. */
    public static final String INVALID_FORMAT = "invalid format";
    /** Error text {@code session not found}: the session bound to the connection no longer exists. */
    public static final String SESSION_NOT_FOUND = "session not found";
    /** Error text {@code invalid encoding}: the line is not valid UTF-8. */
    public static final String INVALID_ENCODING = "invalid encoding";
    /** Error text {@code line too long}: the line exceeds the configured maximum; the connection closes. */
    public static final String LINE_TOO_LONG = "line too long";
    /** Error text {@code internal error}: a handler failed unexpectedly; the connection stays open. */
    public static final String INTERNAL_ERROR = "internal error";
    /** Error text {@code unauthorized}: REGISTER without an accepted {@code auth_token}; the connection closes. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** Error text {@code invalid maintenance port}: REGISTER's port is not an integer 0–65535. */
    public static final String INVALID_MAINTENANCE_PORT = "invalid maintenance port";
    /** Error text {@code invalid service name}: not 1–128 characters without control characters. */
    public static final String INVALID_SERVICE_NAME = "invalid service name";
    /** Error text {@code invalid instance name}: not 1–128 characters without control characters. */
    public static final String INVALID_INSTANCE_NAME = "invalid instance name";
    /** Error text {@code invalid metadata json}: REGISTER's metadata is neither a JSON object nor {@code null}. */
    public static final String INVALID_METADATA_JSON = "invalid metadata json";
    /** Error text {@code metadata too large}: REGISTER's metadata exceeds its size limit. */
    public static final String METADATA_TOO_LARGE = "metadata too large";
    /** Error text {@code no domains specified}: a route without any domain. */
    public static final String NO_DOMAINS = "no domains specified";
    /** Error text {@code path cannot be empty}: a route without a path. */
    public static final String EMPTY_PATH = "path cannot be empty";
    /** Error text {@code invalid backend url format}: a new route's backend URL is not an absolute http(s) URL. */
    public static final String INVALID_BACKEND_URL_FORMAT = "invalid backend url format";
    /** Error text {@code invalid backend url}: ROUTE_UPDATE's backend URL is not an absolute http(s) URL. */
    public static final String INVALID_BACKEND_URL = "invalid backend url";
    /** Error text {@code path must start with /}: a route path without a leading {@code /}. */
    public static final String PATH_MUST_START_WITH_SLASH = "path must start with /";
    /** Error text {@code invalid priority}: a route priority that is not an integer. */
    public static final String INVALID_PRIORITY = "invalid priority";
    /** Error text {@code too many routes}: the session would exceed its route limit. */
    public static final String TOO_MANY_ROUTES = "too many routes";
    /** Error text {@code invalid json}: a JSON field (ROUTE_ADD_BULK's array, a change) that does not parse or has the wrong shape. */
    public static final String INVALID_JSON = "invalid json";
    /** Error text {@code unknown field}: ROUTE_UPDATE names a field other than domains, path, backend_url or priority. */
    public static final String UNKNOWN_FIELD = "unknown field";
    /** Error text {@code route not found}: no such route id (for a target item, followed by {@code : <id>}). */
    public static final String ROUTE_NOT_FOUND = "route not found";
    /** Start of the error text for a malformed target. */
    public static final String INVALID_TARGET = "invalid target";
    /** Error text of HEADERS_SET and HEADERS_REMOVE with a target other than {@code ALL}. */
    public static final String ROUTE_HEADERS_UNSUPPORTED = "route-specific headers not yet supported";
    /** Error text of OPTIONS_SET and OPTIONS_REMOVE with a target other than {@code ALL}. */
    public static final String ROUTE_OPTIONS_UNSUPPORTED = "route-specific options not yet supported";
    /** Error text {@code invalid header}: a header name that is no RFC 7230 token, or a value with CR, LF or NUL or too long. */
    public static final String INVALID_HEADER = "invalid header";
    /** Error text {@code invalid option}: an option key that is no token of at most 128 characters, or a value with NUL or too long. */
    public static final String INVALID_OPTION = "invalid option";
    /** Error text {@code too many headers}: the session would exceed its header limit. */
    public static final String TOO_MANY_HEADERS = "too many headers";
    /** Error text {@code too many options}: the session would exceed its option limit. */
    public static final String TOO_MANY_OPTIONS = "too many options";
    /** Error text {@code invalid number}: an integer field that does not parse or is out of range. */
    public static final String INVALID_NUMBER = "invalid number";
    /** Error text {@code invalid duration}: a duration field that does not parse or is out of range. */
    public static final String INVALID_DURATION = "invalid duration";
    /** Error text of a time field that is not an RFC 3339 instant. */
    public static final String INVALID_TIME = "invalid time: expected RFC 3339 such as 2026-05-01T14:00:00Z";
    /** Error text {@code invalid path}: HEALTH_SET's path breaks the path rules (it must start with {@code /}). */
    public static final String INVALID_PATH = "invalid path";
    /** Error text {@code backend status unavailable}: CIRCUIT_BREAKER_STATUS could not obtain the breaker's state. */
    public static final String BACKEND_STATUS_UNAVAILABLE = "backend status unavailable";
    /** Error text {@code circuit breaker not found}: CIRCUIT_BREAKER_RESET of a route without an active breaker. */
    public static final String CIRCUIT_BREAKER_NOT_FOUND = "circuit breaker not found";
    /** Error text {@code no drain in progress}: DRAIN_STATUS or DRAIN_CANCEL while nothing drains. */
    public static final String NO_DRAIN = "no drain in progress";
    /** Error text {@code no cluster view}: MAINT_CLUSTER while the state store keeps no cluster reports (it is not shared). */
    public static final String NO_CLUSTER = "no cluster view";
    /** Start of the error text of MAINT_CLUSTER when the shared store cannot be read: {@code cluster store unavailable: <detail>}. */
    public static final String CLUSTER_UNAVAILABLE = "cluster store unavailable";
    /** Error text {@code unknown event type}: SUBSCRIBE or UNSUBSCRIBE of a type other than the {@link EventType}s and {@code *}. */
    public static final String UNKNOWN_EVENT_TYPE = "unknown event type";
    /** Error text {@code invalid maintenance page url}: MAINT_ENTER's page URL is not an http(s) URL the outbound policy allows. */
    public static final String INVALID_PAGE_URL = "invalid maintenance page url";
    /** Error text after MAINT_ENTER's {@code ACK}: the maintenance page did not become reachable in time. */
    public static final String PAGE_TIMEOUT = "timeout waiting for maintenance page to become reachable";
    /** Error text after MAINT_EXIT's {@code ACK}: the backend did not become reachable in time. */
    public static final String BACKEND_TIMEOUT = "timeout waiting for backend to become reachable";
    /** Error text {@code invalid url}, in BACKEND_FAIL's JSON: a URL that is not http(s) or that the outbound policy refuses. */
    public static final String INVALID_URL = "invalid url";
    /** Error text {@code response too large}: the reply line would exceed the largest line a client reads. */
    public static final String RESPONSE_TOO_LARGE = "response too large";
    /** Error text {@code max connections exceeded}: the connection cap is reached; the connection closes. */
    public static final String MAX_CONNECTIONS = "max connections exceeded";
    /** Error text {@code max sessions exceeded}: REGISTER while the session cap is reached. */
    public static final String MAX_SESSIONS = "max sessions exceeded";
    /** Error text {@code auth rate limit exceeded}: too many failed REGISTERs from the peer's address. */
    public static final String AUTH_RATE_LIMIT = "auth rate limit exceeded";
    /** Error text {@code registration timeout exceeded}: no session was bound in time; the connection closes. */
    public static final String AUTH_TIMEOUT = "registration timeout exceeded";
    /** Error text {@code idle timeout exceeded}: a session's connection was silent too long; it closes. */
    public static final String IDLE_TIMEOUT = "idle timeout exceeded";
    /** Error text {@code too many failed commands without a session}: the reason a connection is closed after its third failed command without a session. */
    public static final String TOO_MANY_FAILURES = "too many failed commands without a session";
    /** Error text {@code event queue limit exceeded}: the reason a subscriber that let more EVENT lines than the limit pile up is disconnected. */
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
     *
     * @param errorText the text after {@code ERROR|}, or {@code null}
     * @return whether it starts with {@link #ROUTE_NOT_FOUND} or {@link #INVALID_TARGET}
     */
    public static boolean refusesTarget(String errorText) {
        return errorText != null && (errorText.startsWith(ROUTE_NOT_FOUND) || errorText.startsWith(INVALID_TARGET));
    }

    /**
     * {@return {@code ERROR|<text>}, the text made printable and at most 512 characters}
     *
     * @param text the error text, one of the constants of this class or a message
     */
    public static String error(String text) {
        return ERROR + "|" + printable(text, 512);
    }

    /**
     * {@return {@code ERROR|unknown command: <name>}, the name truncated to 64 characters and made printable}
     *
     * @param name field 0 of the line as received
     */
    public static String unknownCommand(String name) {
        return ERROR + "|unknown command: " + printable(name, 64);
    }

    /**
     * {@return {@code ERROR|route not found: <id>} for a target item}
     *
     * @param id the target item, cut to 128 characters and made printable
     */
    public static String routeNotFound(String id) {
        return ERROR + "|" + ROUTE_NOT_FOUND + ": " + printable(id, 128);
    }

    /**
     * {@return {@code <token>|<payload>}}
     *
     * @param token the reply token, such as {@link #ROUTE_OK}
     * @param payload the payload, already one line
     */
    public static String of(String token, String payload) {
        return token + "|" + payload;
    }

    /**
     * {@code value} with control characters and {@code |} replaced by {@code ?}, cut to
     * {@code max} characters.
     *
     * @param value the text, or {@code null} (giving {@code ""})
     * @param max the most characters kept
     * @return the text, safe inside one reply field
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

    /**
     * {@return the payload of a reply line: everything after the first {@code |}, or {@code ""}}
     *
     * @param line a reply line
     */
    public static String payload(String line) {
        int i = line.indexOf('|');
        return i < 0 ? "" : line.substring(i + 1);
    }

    /**
     * {@return the token of a reply line: everything before the first {@code |}}
     *
     * @param line a reply line
     */
    public static String token(String line) {
        int i = line.indexOf('|');
        return i < 0 ? line : line.substring(0, i);
    }
}
