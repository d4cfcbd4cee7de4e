package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * The URL policy. Every check here is pure (text or address classification); nothing connects,
 * and the only names looked up are {@code localhost}.
 */
class UrlPolicyTest {

    private static final UrlPolicy NO_LOOPBACK = UrlPolicy.custom().denyLoopback().build();

    @Test
    void anyHostAcceptsAbsoluteHttpAndHttpsUrls() {
        UrlPolicy p = UrlPolicy.anyHost();

        assertThat(p.check("https://status.example.com/maintenance?lang=en").getHost())
                .isEqualTo("status.example.com");
        assertThat(p.check("http://127.0.0.5:8080/page").getPort()).isEqualTo(8080);
        assertThat(p.check("HTTPS://Example.com/").getScheme()).isEqualTo("HTTPS");
        assertThat(p.allowedHosts()).isEmpty();
        assertThat(p).hasToString("any host");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "ftp://localhost/x                  ; only absolute http and https URLs are allowed",
        "javascript:alert(1)                ; only absolute http and https URLs are allowed",
        "file:///etc/passwd                 ; only absolute http and https URLs are allowed",
        "/relative/page                     ; only absolute http and https URLs are allowed",
        "http:///nohost                     ; the URL has no host",
        "https://user:secret@localhost/     ; user info in URLs is not allowed",
        "http://0177.0.0.1/                 ; host '0177.0.0.1' is an ambiguous numeric address (a part with a leading zero)",
        "http://local host/                 ; not a valid URL (Illegal character in authority)",
    })
    void refusedUrlsNameTheRule(String url, String rule) {
        assertThatThrownBy(() -> UrlPolicy.anyHost().check(url))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url '" + url + "': " + rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f000001/",
        "http://127.0.0.1/", "http://localhost/",
        "http://LOCALHOST./", "http://app.localhost/", "http://0.0.0.0/", "http://0/", "http://[::]/", "http://[::1]/",
        "http://[::127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[64:ff9b::127.0.0.1]/", "http://[2002:7f00:1::]/"})
    void everyEncodingOfLoopbackIsRefusedWhenLoopbackIsDenied(String url) {
        assertThatThrownBy(() -> NO_LOOPBACK.check(url))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url '" + url + "': loopback addresses are not allowed");
        assertThat(UrlPolicy.anyHost().check(url)).as("allowed by default").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.1/", "http://0x7f.1/x", "http://0x7f.0.0.1/", "http://127.0.0.1./"})
    void numericFormsThatUrisDoNotReadAsAHostAreRefusedByEveryPolicy(String url) {
        assertThatThrownBy(() -> NO_LOOPBACK.check(url))
                .isInstanceOf(MaintenanceException.class).hasMessageEndingWith("the URL has no host");
        assertThatThrownBy(() -> UrlPolicy.anyHost().check(url))
                .isInstanceOf(MaintenanceException.class).hasMessageEndingWith("the URL has no host");
    }

    @Test
    void metadataNamesAreRefusedWhateverTheirSpelling() {
        for (String name : HostAddresses.METADATA_NAMES) {
            for (String spelled : List.of(name, name.toUpperCase(java.util.Locale.ROOT) + ".")) {
                assertThatThrownBy(() -> UrlPolicy.anyHost().check("http://" + spelled + "/x"))
                        .as(spelled).hasMessageEndingWith("link-local and metadata addresses are not allowed");
            }
        }
    }

    @Test
    void addressesAreClassifiedByValueNotBySpelling() throws Exception {
        UrlPolicy noPrivate = UrlPolicy.custom().denyPrivate().build();

        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", address(169, 254, 169, 254))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", address(169, 254, 0, 1))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", address(100, 100, 100, 200))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", address(168, 63, 129, 16))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", address(224, 0, 0, 1))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test",
                address6(0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test",
                address6(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test",
                address6(0xfe, 0xbf, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).isFalse();
        assertThat(UrlPolicy.anyHost().allowsAddress("pages.test",
                address6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 169, 254, 169, 254))).as("mapped").isFalse();
        for (String name : HostAddresses.METADATA_NAMES) {
            assertThat(UrlPolicy.anyHost().allowsAddress(name, address(127, 0, 0, 1)))
                    .as("a metadata name, whatever it resolves to").isFalse();
        }

        for (InetAddress a : List.of(address(10, 1, 2, 3), address(172, 16, 0, 1), address(172, 31, 255, 255),
                address(192, 168, 1, 1), address(100, 64, 0, 1),
                address6(0xfd, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))) {
            assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", a)).as("%s by default", a).isTrue();
            assertThat(noPrivate.allowsAddress("pages.test", a)).as("%s when private is denied", a).isFalse();
            assertThat(NO_LOOPBACK.allowsAddress("pages.test", a)).isTrue();
        }
        for (InetAddress a : List.of(address(127, 0, 0, 1), address(127, 9, 9, 9), address(0, 0, 0, 0),
                address6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))) {
            assertThat(UrlPolicy.anyHost().allowsAddress("pages.test", a)).as("%s by default", a).isTrue();
            assertThat(NO_LOOPBACK.allowsAddress("pages.test", a)).as("%s when loopback is denied", a).isFalse();
        }
        assertThat(noPrivate.allowsAddress("pages.test", address(172, 32, 0, 1))).isTrue();
        assertThat(noPrivate.allowsAddress("pages.test", address(100, 128, 0, 1))).isTrue();
    }

    @Test
    void theSystemResolverIsFilteredByThePolicy() throws Exception {
        assertThat(UrlPolicy.anyHost().resolve("localhost")).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(UrlPolicy.anyHost().resolve("2130706433")).containsExactly(address(127, 0, 0, 1));
        assertThatThrownBy(() -> NO_LOOPBACK.resolve("localhost"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("localhost: every address it resolves to is refused by the URL policy (any host, "
                        + "no loopback)");
        assertThatThrownBy(() -> NO_LOOPBACK.resolve("0x7f000001")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> NO_LOOPBACK.resolve("::ffff:127.0.0.1")).isInstanceOf(UnknownHostException.class);
        assertThat(NO_LOOPBACK.allowedAddresses("pages.test", List.of(address(127, 0, 0, 1), address(192, 0, 2, 1))))
                .containsExactly(address(192, 0, 2, 1));
    }

    @Test
    void blankAndOverlongUrlsAreRefused() {
        assertThatThrownBy(() -> UrlPolicy.anyHost().check(null))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url 'null': a URL is required");
        assertThatThrownBy(() -> UrlPolicy.anyHost().check(" "))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith("a URL is required");
        assertThatThrownBy(() -> UrlPolicy.anyHost().check("https://example.com/" + "a".repeat(2100)))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith("longer than 2048 characters");
    }

    @Test
    void anAllowListAdmitsOnlyItsHosts() {
        UrlPolicy p = UrlPolicy.allowHosts(Set.of("Status.Example.com", "*.cdn.example.net", " "));

        assertThat(p.allowedHosts()).containsExactly("*.cdn.example.net", "status.example.com");
        assertThat(p.check("https://status.example.com/x")).isNotNull();
        assertThat(p.check("https://eu.cdn.example.net/x")).isNotNull();
        assertThatThrownBy(() -> p.check("https://cdn.example.net/x"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url 'https://cdn.example.net/x': host 'cdn.example.net' is not in "
                        + "the allowed hosts [*.cdn.example.net, status.example.com]");
        assertThatThrownBy(() -> p.check("https://evilstatus.example.com/"))
                .isInstanceOf(MaintenanceException.class);
        assertThat(p.allowsHost("STATUS.example.com")).isTrue();
        assertThat(p.allowsHost("other.org")).isFalse();
        assertThat(UrlPolicy.allowHosts(Set.of())).isSameAs(UrlPolicy.anyHost());
        assertThat(UrlPolicy.custom().build()).isSameAs(UrlPolicy.anyHost());
    }

    @Test
    void onlyAnExactListingAdmitsAnOtherwiseRefusedHost() throws Exception {
        UrlPolicy p = UrlPolicy.custom().denyLoopback().denyPrivate().allowHosts("127.0.0.1", "*.localhost").build();

        assertThat(p).hasToString("hosts [*.localhost, 127.0.0.1], no loopback, no private addresses");
        assertThat(p.check("http://127.0.0.1/page").getHost()).isEqualTo("127.0.0.1");
        assertThat(p.allowsAddress("127.0.0.1", address(127, 0, 0, 1))).isTrue();
        assertThatThrownBy(() -> p.check("http://app.localhost/"))
                .as("a wildcard does not unlock loopback")
                .hasMessageEndingWith("loopback addresses are not allowed");
        assertThat(p.allowsAddress("app.localhost", address(127, 0, 0, 1))).isFalse();
        String name = HostAddresses.METADATA_NAMES.stream().filter(n -> n.contains(".")).sorted().findFirst()
                .orElseThrow();
        UrlPolicy wildcard = UrlPolicy.custom().allowHosts("*" + name.substring(name.indexOf('.'))).build();
        assertThatThrownBy(() -> wildcard.check("http://" + name + "/"))
                .hasMessageEndingWith("link-local and metadata addresses are not allowed");
        assertThat(UrlPolicy.custom().allowHosts(name).build().check("http://" + name + "/")).isNotNull();
    }

    private static InetAddress address(int... b) throws UnknownHostException {
        byte[] bytes = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            bytes[i] = (byte) b[i];
        }
        return InetAddress.getByAddress(bytes);
    }

    private static InetAddress address6(int... b) throws UnknownHostException {
        return address(b);
    }
}
