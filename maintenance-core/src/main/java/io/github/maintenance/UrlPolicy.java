package io.github.maintenance;

import io.github.maintenance.HostAddresses.Kind;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which outbound URLs the library may fetch (custom maintenance pages, backend checks).
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Only absolute {@code http} and {@code https} URLs with a host and without user info, at
 *       most 2048 characters.</li>
 *   <li>When an allow-list is set, only its hosts: exact names or address literals, or
 *       {@code *.suffix} wildcards (which match sub-domains, not the suffix itself).</li>
 *   <li>A host named <em>exactly</em> in the allow-list is allowed whatever its addresses are:
 *       that is how an operator admits a metadata or link-local address on purpose. Every other
 *       host is judged by its address:</li>
 *   <li>Always refused: link-local ({@code 169.254.0.0/16}, {@code fe80::/10}), multicast and
 *       broadcast addresses, the metadata addresses {@code 100.100.100.200},
 *       {@code 168.63.129.16} and {@code fd00:ec2::254}, and the metadata host names
 *       {@link #METADATA_HOSTS} (such as {@code metadata.google.internal}).</li>
 *   <li>Loopback ({@code 127.0.0.0/8}, {@code ::1}, {@code 0.0.0.0/8}, {@code ::},
 *       {@code localhost}) is allowed unless the policy {@linkplain Builder#denyLoopback() denies
 *       it}; private ranges (RFC 1918, {@code 100.64.0.0/10}, {@code fc00::/7},
 *       {@code fec0::/10}) unless it {@linkplain Builder#denyPrivate() denies them}.</li>
 * </ol>
 * Addresses are compared by value, not by spelling: IPv4 addresses inside IPv6 ones
 * ({@code ::ffff:127.0.0.1}, {@code ::127.0.0.1}, NAT64, 6to4) count as the IPv4 address, and
 * the numeric forms resolvers accept ({@code 2130706433}, {@code 0x7f000001},
 * {@code 0x7f.1}) are read as they would be. Forms that resolvers read differently (a part with
 * a leading zero, such as {@code 0177.0.0.1}: octal to some, decimal to others) are refused.
 *
 * <h2>Two checks</h2>
 * {@link #check(String)} judges the URL's text when it is configured (no name is looked up).
 * A host name can resolve to anything, and differently each time (DNS rebinding), so the
 * clients that fetch URLs judge the addresses they are about to connect to as well, through
 * {@link #allowedAddresses(String, List)} or {@link #resolve(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class UrlPolicy {

    /** Host names of cloud metadata services, always refused unless listed exactly. */
    public static final Set<String> METADATA_HOSTS = HostAddresses.METADATA_NAMES;

    private static final UrlPolicy PERMISSIVE = new UrlPolicy(List.of(), false, false);

    private final List<String> allowedHosts;
    private final boolean denyLoopback;
    private final boolean denyPrivate;

    private UrlPolicy(List<String> allowedHosts, boolean denyLoopback, boolean denyPrivate) {
        this.allowedHosts = allowedHosts;
        this.denyLoopback = denyLoopback;
        this.denyPrivate = denyPrivate;
    }

    /**
     * Any http or https host, except link-local and metadata addresses.
     *
     * @return the permissive policy, the default
     */
    public static UrlPolicy anyHost() {
        return PERMISSIVE;
    }

    /**
     * Only the given hosts (exact names, IP literals or {@code *.suffix} wildcards).
     *
     * @param hosts exact names, IP literals or {@code *.suffix} wildcards; blanks are ignored
     * @return a policy allowing those hosts only
     */
    public static UrlPolicy allowHosts(Set<String> hosts) {
        return custom().allowHosts(hosts).build();
    }

    /** {@return a builder, starting from {@link #anyHost()}} */
    public static Builder custom() {
        return new Builder();
    }

    /** {@return the allow-list; empty means any host} */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** {@return whether loopback addresses are refused} */
    public boolean deniesLoopback() {
        return denyLoopback;
    }

    /** {@return whether private addresses are refused} */
    public boolean deniesPrivate() {
        return denyPrivate;
    }

    /**
     * Checks {@code url}'s text and returns it parsed. Names are not looked up: see the class
     * comment.
     *
     * @param url the page URL
     * @return the parsed URL
     * @throws MaintenanceException naming the URL and the rule it broke
     */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw MaintenanceErrors.invalidPageUrl(String.valueOf(url), "a URL is required");
        }
        if (url.length() > 2048) {
            throw MaintenanceErrors.invalidPageUrl(url, "longer than 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw MaintenanceErrors.invalidPageUrl(url, "not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw MaintenanceErrors.invalidPageUrl(url, "only absolute http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw MaintenanceErrors.invalidPageUrl(url, "the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw MaintenanceErrors.invalidPageUrl(url, "user info in URLs is not allowed");
        }
        String rule = refusal(HostAddresses.normalize(host));
        if (rule != null) {
            throw MaintenanceErrors.invalidPageUrl(url, rule);
        }
        return uri;
    }

    /**
     * {@return whether {@code host} (a name or an address literal, e.g. a redirect target) passes the text check}
     *
     * @param host a host name or address literal
     */
    public boolean allowsHost(String host) {
        return refusal(HostAddresses.normalize(host)) == null;
    }

    /**
     * {@return whether connecting to {@code address}, which {@code host} resolved to, is allowed}
     *
     * @param host the host name as written in the URL
     * @param address one of the addresses it resolved to
     */
    public boolean allowsAddress(String host, InetAddress address) {
        String h = HostAddresses.normalize(host);
        if (allowedHosts.contains(h)) {
            return true;
        }
        if (refusal(h) != null) {
            return false;
        }
        return allows(HostAddresses.classify(address));
    }

    /**
     * The addresses among {@code resolved} (what {@code host} resolved to) that may be connected
     * to, in their order; empty when none may.
     *
     * @param host the host name as written in the URL
     * @param resolved the addresses it resolved to
     * @return a new list of the allowed addresses
     */
    public List<InetAddress> allowedAddresses(String host, List<InetAddress> resolved) {
        List<InetAddress> out = new ArrayList<>(resolved.size());
        for (InetAddress a : resolved) {
            if (allowsAddress(host, a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Resolves {@code host} with the system resolver and keeps the addresses the policy allows.
     *
     * @param host the host name to resolve
     * @return the allowed addresses, in resolver order; never empty
     * @throws UnknownHostException when the name does not resolve, or the policy refuses every
     *                              address it resolves to
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = HostAddresses.normalize(host);
        InetAddress literal = literalOrNull(h);
        List<InetAddress> all = literal != null ? List.of(literal) : Arrays.asList(InetAddress.getAllByName(h));
        List<InetAddress> allowed = allowedAddresses(h, all);
        if (allowed.isEmpty()) {
            throw new UnknownHostException(h + ": every address it resolves to is refused by the URL policy ("
                    + this + ")");
        }
        return allowed.toArray(new InetAddress[0]);
    }

    /** Why a normalized host is refused by its text alone, or {@code null}. */
    private String refusal(String h) {
        if (allowedHosts.contains(h)) {
            return null;
        }
        if (!allowedHosts.isEmpty() && !matchesWildcard(h)) {
            return "host '" + h + "' is not in the allowed hosts " + allowedHosts;
        }
        InetAddress literal;
        try {
            literal = HostAddresses.literal(h);
        } catch (IllegalArgumentException e) {
            return "host '" + h + "' is an " + e.getMessage();
        }
        Kind kind = literal != null ? HostAddresses.classify(literal) : HostAddresses.classifyName(h);
        return allows(kind) ? null : reason(kind);
    }

    private boolean allows(Kind kind) {
        return switch (kind) {
            case LINK_LOCAL, METADATA -> false;
            case LOOPBACK -> !denyLoopback;
            case PRIVATE -> !denyPrivate;
            case PUBLIC -> true;
        };
    }

    private static String reason(Kind kind) {
        return switch (kind) {
            case LINK_LOCAL, METADATA -> "link-local and metadata addresses are not allowed";
            case LOOPBACK -> "loopback addresses are not allowed";
            case PRIVATE -> "private addresses are not allowed";
            case PUBLIC -> throw new IllegalStateException("public addresses are allowed");
        };
    }

    private static InetAddress literalOrNull(String h) throws UnknownHostException {
        try {
            return HostAddresses.literal(h);
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException(h + ": " + e.getMessage());
        }
    }

    private boolean matchesWildcard(String h) {
        for (String a : allowedHosts) {
            if (a.startsWith("*.") && h.endsWith(a.substring(1)) && h.length() > a.length() - 1) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        String hosts = allowedHosts.isEmpty() ? "any host" : "hosts " + allowedHosts;
        return hosts + (denyLoopback ? ", no loopback" : "") + (denyPrivate ? ", no private addresses" : "");
    }

    /**
     * Builds a policy: {@code UrlPolicy.custom().denyLoopback().denyPrivate().allowHosts(...).build()}.
     * Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> hosts = new TreeSet<>();
        private boolean denyLoopback;
        private boolean denyPrivate;

        private Builder() {
        }

        /**
         * Adds hosts to the allow-list (exact names, IP literals or {@code *.suffix}); blanks are ignored.
         *
         * @param values exact names, IP literals or {@code *.suffix} wildcards
         * @return this builder
         */
        public Builder allowHosts(Collection<String> values) {
            for (String v : values) {
                String h = HostAddresses.normalize(v);
                if (!h.isEmpty()) {
                    hosts.add(h);
                }
            }
            return this;
        }

        /**
         * Adds hosts to the allow-list, as {@link #allowHosts(Collection)}.
         *
         * @param values exact names, IP literals or {@code *.suffix} wildcards
         * @return this builder
         */
        public Builder allowHosts(String... values) {
            return allowHosts(Arrays.asList(values));
        }

        /**
         * Refuses loopback addresses (unless a host is listed exactly).
         *
         * @return this builder
         */
        public Builder denyLoopback() {
            this.denyLoopback = true;
            return this;
        }

        /**
         * Refuses private addresses (unless a host is listed exactly).
         *
         * @return this builder
         */
        public Builder denyPrivate() {
            this.denyPrivate = true;
            return this;
        }

        /** {@return the policy} */
        public UrlPolicy build() {
            if (hosts.isEmpty() && !denyLoopback && !denyPrivate) {
                return PERMISSIVE;
            }
            return new UrlPolicy(List.copyOf(hosts), denyLoopback, denyPrivate);
        }
    }
}
