package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.UrlPolicy;
import io.github.maintenance.registry.testing.PageServer;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backend checks judge the addresses a name resolves to right before each request. The names
 * here resolve through a test resolver to loopback only.
 */
@Timeout(30)
class OutboundAddressCheckTest {

    /** Passes the text check ({@code *.test} is listed) but resolves to loopback, which is denied. */
    private static final UrlPolicy POLICY = UrlPolicy.custom().denyLoopback().allowHosts("127.0.0.1", "*.test").build();

    private final PageServer page = start();
    private final Outbound outbound = new Outbound(POLICY, Duration.ofSeconds(2), OutboundAddressCheckTest::resolve);

    private static PageServer start() {
        try {
            return PageServer.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("rebind.test")) {
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        }
        return InetAddress.getAllByName(host);
    }

    @AfterEach
    void close() {
        outbound.close();
        page.close();
    }

    @Test
    void aNameThatResolvesToADeniedAddressIsNeverRequested() throws Exception {
        URI uri = URI.create("http://rebind.test:" + page.port() + "/target");
        assertThat(POLICY.check(uri.toString())).as("the text check passes").isEqualTo(uri);

        Outbound.Result r = outbound.get(uri, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(r.answered()).isFalse();
        assertThat(r.error()).isEqualTo("refused by the URL policy: rebind.test resolves to no allowed address");
        assertThat(page.requests.get()).isZero();
    }

    @Test
    void aRedirectToSuchANameIsNotFollowed() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + page.port() + "/redirect?to=http://rebind.test:" + page.port()
                + "/target");

        Outbound.Result r = outbound.get(uri, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(r.error()).startsWith("refused by the URL policy");
        assertThat(page.requests.get()).as("only the redirect").isEqualTo(1);
        assertThat(page.targetRequests.get()).isZero();
    }

    @Test
    void anExactlyListedAddressIsRequested() throws Exception {
        Outbound.Result r = outbound.get(page.uri("/target"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(r.answered()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(page.targetRequests.get()).isEqualTo(1);
    }
}
