package io.github.maintenance.servlet.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client address as real requests through Jetty present it; the test client (127.0.0.1) plays the proxy. */
class ClientAddressIT {

    private static final IpRanges PROXY = IpRanges.parse("trustedProxies", List.of("127.0.0.1"));

    @RegisterExtension
    static final JettyServerExtension JETTY = JettyServerExtension.builder()
            .servlet(new Echo(new ClientAddress(PROXY)), "/default")
            .servlet(new Echo(new ClientAddress(PROXY, ForwardedHeader.FORWARDED)), "/forwarded")
            .servlet(new Echo(new ClientAddress(PROXY, ForwardedHeader.NONE)), "/none")
            .servlet(new Echo(new ClientAddress(IpRanges.none(), ForwardedHeader.X_FORWARDED_FOR)), "/untrusted")
            .stopAfterAll()
            .build();

    private static String client(String path, String... headers) {
        return Http.get(JETTY.uri(path), headers).body();
    }

    @Test
    void byDefaultOnlyXForwardedForIsReadAndAForgedForwardedHeaderIsIgnored() {
        assertThat(client("/default", "X-Forwarded-For", "127.0.0.7", "Forwarded", "for=127.0.0.66"))
                .isEqualTo("127.0.0.7");
        // A proxy that only appends X-Forwarded-For: the client's own Forwarded header changes nothing.
        assertThat(client("/default", "Forwarded", "for=127.0.0.66")).isEqualTo("127.0.0.1");
    }

    @Test
    void withForwardedOnlyForwardedIsRead() {
        assertThat(client("/forwarded", "X-Forwarded-For", "127.0.0.66", "Forwarded", "for=127.0.0.7;proto=http"))
                .isEqualTo("127.0.0.7");
        assertThat(client("/forwarded", "X-Forwarded-For", "127.0.0.66")).isEqualTo("127.0.0.1");
        assertThat(client("/forwarded", "Forwarded", "for=\"[::1]:8443\"")).isEqualTo("::1");
        assertThat(client("/forwarded", "Forwarded", "For=\"127.0.0.7:80\", for=127.0.0.1")).isEqualTo("127.0.0.7");
        assertThat(client("/forwarded", "Forwarded", "for=127.0.0.9", "Forwarded", "for=127.0.0.1;by=_proxy"))
                .isEqualTo("127.0.0.9");
    }

    @Test
    void withNoneNoHeaderIsRead() {
        assertThat(client("/none", "X-Forwarded-For", "127.0.0.7", "Forwarded", "for=127.0.0.8")).isEqualTo("127.0.0.1");
    }

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        assertThat(client("/untrusted", "X-Forwarded-For", "127.0.0.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void theChainIsWalkedFromTheRightSkippingTrustedProxies() {
        assertThat(client("/default", "X-Forwarded-For", "127.0.0.5, 127.0.0.6, 127.0.0.1")).isEqualTo("127.0.0.6");
        assertThat(client("/default", "X-Forwarded-For", "127.0.0.5", "X-Forwarded-For", "127.0.0.1"))
                .isEqualTo("127.0.0.5");
        assertThat(client("/default", "X-Forwarded-For", "127.0.0.1, 127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(client("/default", "X-Forwarded-For", "[::1]:443")).isEqualTo("::1");
        assertThat(client("/default", "X-Forwarded-For", "127.0.0.7:8080")).isEqualTo("127.0.0.7");
        assertThat(client("/default", "X-Forwarded-For", "::ffff:127.0.0.7")).isEqualTo("::ffff:127.0.0.7");
    }

    @Test
    void aHopThatIsNoAddressStopsTheWalkAtTheLastTrustedOne() {
        for (String hop : List.of("unknown", "_hidden", "localhost", ".9::31", "127.0.0.7:x", "0177.0.0.1", "")) {
            assertThat(client("/default", "X-Forwarded-For", "127.0.0.5, " + hop)).as(hop).isEqualTo("127.0.0.1");
        }
        for (String hop : List.of("unknown", "_hidden", "\"_hidden:_port\"", "\"[::1\"", "\"127.0.0.7", "localhost")) {
            assertThat(client("/forwarded", "Forwarded", "for=127.0.0.5, for=" + hop)).as(hop).isEqualTo("127.0.0.1");
        }
        assertThat(client("/forwarded", "Forwarded", "for=127.0.0.5, proto=https")).isEqualTo("127.0.0.1");
        assertThat(client("/forwarded", "Forwarded", "for=127.0.0.5, for=127.0.0.6;for=127.0.0.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void hostsAreCutFromPortsAndBrackets() {
        assertThat(ClientAddress.hostOf("[::1]:80")).isEqualTo("::1");
        assertThat(ClientAddress.hostOf("[::1]")).isEqualTo("::1");
        assertThat(ClientAddress.hostOf("127.0.0.1:_p")).isEqualTo("127.0.0.1");
        assertThat(ClientAddress.hostOf("::1")).isEqualTo("::1");
        assertThat(ClientAddress.hostOf("[::1]80")).isNull();
        assertThat(ClientAddress.hostOf("127.0.0.1:1234567")).isNull();
    }

    private static final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ClientAddress address;

        Echo(ClientAddress address) {
            this.address = address;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write(address.resolve(req));
        }
    }
}
