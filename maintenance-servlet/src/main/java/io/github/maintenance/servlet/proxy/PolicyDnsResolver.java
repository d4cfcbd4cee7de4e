package io.github.maintenance.servlet.proxy;

import io.github.maintenance.UrlPolicy;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves through a delegate and keeps only the addresses the {@link UrlPolicy} allows: the
 * client connects only to what this returns, so the policy applies to the address actually
 * connected to, whatever the name resolved to when the URL was configured (DNS rebinding).
 */
final class PolicyDnsResolver implements DnsResolver {

    private final UrlPolicy policy;
    private final DnsResolver delegate;

    PolicyDnsResolver(UrlPolicy policy, DnsResolver delegate) {
        this.policy = policy;
        this.delegate = delegate;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = delegate.resolve(host);
        List<InetAddress> allowed = policy.allowedAddresses(host, all == null ? List.of() : Arrays.asList(all));
        if (allowed.isEmpty()) {
            throw new UnknownHostException(host + ": refused by the URL policy (" + policy + ")");
        }
        return allowed.toArray(new InetAddress[0]);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
