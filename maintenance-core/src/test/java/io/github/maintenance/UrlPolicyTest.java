package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

class UrlPolicyTest {

    @Test
    void anyHostAcceptsAbsoluteHttpAndHttpsUrls() {
        UrlPolicy p = UrlPolicy.anyHost();

        assertThat(p.check("https://status.example.com/maintenance?lang=en").getHost())
                .isEqualTo("status.example.com");
        assertThat(p.check("http://10.0.0.5:8080/page").getPort()).isEqualTo(8080);
        assertThat(p.check("HTTPS://Example.com/").getScheme()).isEqualTo("HTTPS");
        assertThat(p.allowedHosts()).isEmpty();
        assertThat(p).hasToString("any host");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "ftp://files.example.com/x          ; only absolute http and https URLs are allowed",
        "javascript:alert(1)                ; only absolute http and https URLs are allowed",
        "file:///etc/passwd                 ; only absolute http and https URLs are allowed",
        "/relative/page                     ; only absolute http and https URLs are allowed",
        "http:///nohost                     ; the URL has no host",
        "https://user:secret@example.com/   ; user info in URLs is not allowed",
        "http://169.254.169.254/latest/meta ; link-local and metadata addresses are not allowed",
        "http://[fe80::1]/x                 ; link-local and metadata addresses are not allowed",
        "http://metadata.google.internal/   ; link-local and metadata addresses are not allowed",
        "http://exa mple.com/               ; not a valid URL (Illegal character in authority)",
    })
    void refusedUrlsNameTheRule(String url, String rule) {
        assertThatThrownBy(() -> UrlPolicy.anyHost().check(url))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid maintenance page url '" + url + "': " + rule);
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
    }

    @Test
    void aListedLinkLocalAddressIsAllowed() {
        UrlPolicy p = UrlPolicy.allowHosts(Set.of("169.254.10.10"));

        assertThat(p.check("http://169.254.10.10/page").getHost()).isEqualTo("169.254.10.10");
        assertThat(UrlPolicy.anyHost().allowsHost("169.254.10.10")).isFalse();
        assertThat(UrlPolicy.allowHosts(Set.of())).isSameAs(UrlPolicy.anyHost());
    }
}
