package io.github.maintenance.servlet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.UrlPolicy;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The policy applies to the address actually connected to: a test resolver maps a name to
 * loopback, which the policy then refuses. Nothing here connects beyond loopback.
 */
@Timeout(30)
class UpstreamFetcherTest {

    private static final UrlPolicy NO_LOOPBACK = UrlPolicy.custom().denyLoopback().allowHosts("*.test").build();

    private final AtomicInteger requests = new AtomicInteger();

    @RegisterExtension
    final JettyServerExtension pages = JettyServerExtension.builder().servlet(new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            requests.incrementAndGet();
            resp.setContentType("text/html");
            resp.getOutputStream().write("page".getBytes(StandardCharsets.UTF_8));
        }
    }, "/*").build();

    /** Resolves {@code rebind.test} to loopback, everything else as the system does. */
    private static final DnsResolver REBIND = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (host.equals("rebind.test")) {
                return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
            }
            return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return host;
        }
    };

    private UpstreamFetcher.Outcome fetch(UrlPolicy policy, String url) throws Exception {
        try (UpstreamFetcher f = new UpstreamFetcher(ProxySettings.ofDefaults(), policy, REBIND)) {
            return f.fetch(new UpstreamFetcher.Request(URI.create(url), "GET", Map.of(), false))
                    .get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNameResolvingToADeniedAddressIsNotConnectedTo() throws Exception {
        String url = "http://rebind.test:" + pages.port() + "/page";
        assertThat(NO_LOOPBACK.check(url)).as("the text check passes").isNotNull();

        UpstreamFetcher.Outcome o = fetch(NO_LOOPBACK, url);

        assertThat(o.page()).isNull();
        assertThat(o.answered()).isFalse();
        assertThat(requests.get()).isZero();
    }

    @Test
    void aLoopbackLiteralGoesThroughTheSameCheck() throws Exception {
        UpstreamFetcher.Outcome o = fetch(UrlPolicy.custom().denyLoopback().build(), pages.uri("/page").toString());

        assertThat(o.page()).isNull();
        assertThat(requests.get()).isZero();
    }

    @Test
    void theResolvedAddressIsTheOneConnectedTo() throws Exception {
        UpstreamFetcher.Outcome o = fetch(UrlPolicy.anyHost(), "http://rebind.test:" + pages.port() + "/page");

        assertThat(o.page()).isNotNull();
        assertThat(new String(o.page().body(), StandardCharsets.UTF_8)).isEqualTo("page");
        assertThat(o.page().headers()).containsOnlyKeys("Content-Type");
        assertThat(requests.get()).isEqualTo(1);
    }
}
