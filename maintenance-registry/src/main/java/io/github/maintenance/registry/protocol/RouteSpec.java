package io.github.maintenance.registry.protocol;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.route.Route;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A route as a registry client declares it: domains (as given, trimmed), path prefix, backend URL
 * and priority, validated with the protocol's error texts. A domain {@code ""} or {@code *} means
 * any host.
 *
 * <p>Immutable and thread-safe.
 *
 * @param domains    the domains as given (trimmed), at least one
 * @param path       the path prefix as given
 * @param backendUrl the backend URL (absolute http or https)
 * @param priority   higher wins
 */
public record RouteSpec(List<String> domains, String path, String backendUrl, int priority) {

    /** Most domains of one route. */
    public static final int MAX_DOMAINS = 32;
    /** Longest backend URL. */
    public static final int MAX_URL_LENGTH = 2048;

    /**
     * Copies {@code domains}.
     *
     * @param domains    the domains as given (trimmed), at least one
     * @param path       the path prefix as given
     * @param backendUrl the backend URL (absolute http or https)
     * @param priority   higher wins
     */
    public RouteSpec {
        domains = List.copyOf(domains);
    }

    /**
     * Validates the fields of {@code ROUTE_ADD|sid|domains|path|backend_url|priority}, in the
     * protocol's order: domains present, path present, backend URL containing {@code ://}; then
     * path starting with {@code /} and well-formed (the core's path rules, refused in the core's
     * words), backend an absolute http(s) URL, each domain a host name or {@code *.suffix},
     * priority an integer.
     *
     * @param domainsField the comma-separated domains
     * @param path         the path prefix
     * @param backendUrl   the backend URL
     * @param priority     the priority, a decimal integer
     * @return the validated route
     * @throws ProtocolException with the exact error text
     */
    public static RouteSpec of(String domainsField, String path, String backendUrl, String priority)
            throws ProtocolException {
        List<String> domains = splitDomains(domainsField);
        return validate(domains, path, backendUrl, parsePriority(priority, domains, path, backendUrl));
    }

    /**
     * Validates one element of a {@code ROUTE_ADD_BULK} array:
     * {@code {"domains":[…],"path":…,"backend_url":…,"priority":n}}.
     *
     * @param element one element of the parsed array
     * @return the validated route
     * @throws ProtocolException with the same texts as {@link #of}, or {@code invalid json} for
     *                           a value of the wrong JSON type
     */
    public static RouteSpec fromJson(Object element) throws ProtocolException {
        if (!(element instanceof Map<?, ?> map)) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        Object d = map.get("domains");
        List<String> domains = new ArrayList<>();
        if (d instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new ProtocolException(Reply.INVALID_JSON);
                }
                domains.add(s.trim());
            }
        } else if (d != null) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        Object p = map.get("path");
        Object b = map.get("backend_url");
        if ((p != null && !(p instanceof String)) || (b != null && !(b instanceof String))) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        String path = p == null ? "" : (String) p;
        String backend = b == null ? "" : (String) b;
        checkPresent(domains, path, backend);
        Object pr = map.get("priority");
        int priority = 0;
        if (pr != null) {
            priority = jsonPriority(pr);
        }
        return validate(domains, path, backend, priority);
    }

    /**
     * Splits a comma-separated domain list, trimming each item; an empty field gives no domains.
     *
     * @param field the domains field
     * @return the domains, empty ones kept (the validation refuses them)
     */
    public static List<String> splitDomains(String field) {
        List<String> out = new ArrayList<>();
        if (field.isEmpty()) {
            return out;
        }
        for (String d : field.split(",", -1)) {
            out.add(d.trim());
        }
        return out;
    }

    /**
     * This route with one field replaced, as {@code ROUTE_UPDATE|sid|id|field|value} asks:
     * {@code backend_url}, {@code priority}, {@code domains} (a comma list) or {@code path}.
     *
     * @throws ProtocolException {@code unknown field} for any other field, or the error of the
     *                           value as for {@code ROUTE_ADD} ({@code invalid backend url} for a
     *                           backend URL)
     * @param field the field's name
     * @param value its new value
     * @return this route with the field changed
     */
    public RouteSpec with(String field, String value) throws ProtocolException {
        return switch (field) {
            case "backend_url" -> withBackendUrl(value);
            case "priority" -> withPriority(value);
            case "domains" -> withDomains(value);
            case "path" -> withPath(value);
            default -> throw new ProtocolException(Reply.UNKNOWN_FIELD);
        };
    }

    /**
     * {@return this route with {@code domains} replaced ({@code ROUTE_UPDATE …|domains|a.com,b.com})}
     *
     * @param field the comma-separated domains
     * @throws ProtocolException with the error text of a bad domain list
     */
    public RouteSpec withDomains(String field) throws ProtocolException {
        return validate(splitDomains(field), path, backendUrl, priority);
    }

    /**
     * {@return this route with another path}
     *
     * @param value the new path prefix
     * @throws ProtocolException with the error text of a bad path
     */
    public RouteSpec withPath(String value) throws ProtocolException {
        return validate(domains, value, backendUrl, priority);
    }

    /**
     * {@return this route with another backend URL; refused with {@code invalid backend url}}
     *
     * @param value the new backend URL
     * @throws ProtocolException {@code invalid backend url}
     */
    public RouteSpec withBackendUrl(String value) throws ProtocolException {
        if (!value.contains("://") || !isHttpUrl(value)) {
            throw new ProtocolException(Reply.INVALID_BACKEND_URL);
        }
        return new RouteSpec(domains, path, value, priority);
    }

    /**
     * {@return this route with another priority}
     *
     * @param value the new priority, a decimal integer
     * @throws ProtocolException {@code invalid priority}
     */
    public RouteSpec withPriority(String value) throws ProtocolException {
        return new RouteSpec(domains, path, backendUrl, parseInt(value));
    }

    /** {@return whether the route serves any host} */
    public boolean anyHost() {
        for (String d : domains) {
            if (d.isEmpty() || d.equals("*")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the controller route for this spec}
     *
     * @param id the route id ({@code r<N>})
     * @param owner the owning session, recorded on the route
     */
    public Route toRoute(String id, String owner) {
        return Route.builder(id).domains(anyHost() ? List.of() : domains).path(path).priority(priority)
                .backend(backendUrl).owner(owner).build();
    }

    /**
     * {@return the JSON element of {@code ROUTE_LIST_OK}}
     *
     * @param routeId the route id
     * @param status {@code active} or {@code staged}
     */
    public Map<String, Object> toJson(String routeId, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("route_id", routeId);
        m.put("domains", domains);
        m.put("path", path);
        m.put("backend", backendUrl);
        m.put("priority", priority);
        m.put("status", status);
        return m;
    }

    /**
     * A JSON priority: an integer within the range of {@code int}. A fraction, an exponent form
     * ({@code 1e2}, {@code 1E-400}, which the JSON parser reads as a floating-point number) or a
     * value beyond {@code int} is refused, never rounded.
     */
    private static int jsonPriority(Object value) throws ProtocolException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof java.math.BigInteger) {
            java.math.BigInteger n = value instanceof Long l ? java.math.BigInteger.valueOf(l)
                    : (java.math.BigInteger) value;
            if (n.bitLength() < Integer.SIZE) {
                return n.intValue();
            }
        }
        throw new ProtocolException(Reply.INVALID_PRIORITY);
    }

    private static int parsePriority(String priority, List<String> domains, String path, String backend)
            throws ProtocolException {
        checkPresent(domains, path, backend);
        return parseInt(priority);
    }

    private static int parseInt(String value) throws ProtocolException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException(Reply.INVALID_PRIORITY);
        }
    }

    private static void checkPresent(List<String> domains, String path, String backend) throws ProtocolException {
        if (domains.isEmpty()) {
            throw new ProtocolException(Reply.NO_DOMAINS);
        }
        if (path.isEmpty()) {
            throw new ProtocolException(Reply.EMPTY_PATH);
        }
        if (!backend.contains("://")) {
            throw new ProtocolException(Reply.INVALID_BACKEND_URL_FORMAT);
        }
    }

    private static RouteSpec validate(List<String> domains, String path, String backend, int priority)
            throws ProtocolException {
        checkPresent(domains, path, backend);
        if (path.charAt(0) != '/') {
            throw new ProtocolException(Reply.PATH_MUST_START_WITH_SLASH);
        }
        try {
            Route.normalizePath(path);
        } catch (MaintenanceException e) {
            throw ProtocolException.refused(e);
        }
        if (!isHttpUrl(backend)) {
            throw new ProtocolException(Reply.INVALID_BACKEND_URL_FORMAT);
        }
        if (domains.size() > MAX_DOMAINS) {
            throw new ProtocolException("too many domains");
        }
        for (String d : domains) {
            if (d.isEmpty() || d.equals("*")) {
                continue;
            }
            try {
                Route.normalizeDomain(d);
            } catch (MaintenanceException e) {
                throw new ProtocolException("invalid domain: " + Reply.printable(d, 128));
            }
        }
        return new RouteSpec(domains, path, backend, priority);
    }

    /**
     * {@return whether {@code url} is an absolute http or https URL with a host}
     *
     * @param url the URL to check, at most {@value #MAX_URL_LENGTH} characters
     */
    public static boolean isHttpUrl(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            return false;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            return scheme != null && (scheme.toLowerCase(Locale.ROOT).equals("http")
                    || scheme.toLowerCase(Locale.ROOT).equals("https")) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
