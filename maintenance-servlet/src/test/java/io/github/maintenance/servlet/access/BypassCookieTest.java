package io.github.maintenance.servlet.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BypassCookieTest {

    private static final String SECRET = "9f86d081884c7d659a2feaa0c55ad015";
    private static final long NOW = Instant.parse("2026-03-01T08:00:00Z").toEpochMilli();

    private final BypassCookie bypass = BypassCookie.of(SECRET);

    @Test
    void anIssuedCookieIsValidUntilItExpires() {
        String value = bypass.issue(NOW);

        assertThat(value).matches("1\\.\\d+\\.[A-Za-z0-9_-]{43}");
        assertThat(value).startsWith("1." + (NOW / 1000 + 12 * 3600) + ".");
        assertThat(bypass.isValid(value, NOW)).isTrue();
        assertThat(bypass.isValid(value, NOW + Duration.ofHours(12).toMillis() - 1000)).isTrue();
        assertThat(bypass.isValid(value, NOW + Duration.ofHours(12).toMillis())).isFalse();
        assertThat(bypass.isValid(value, NOW + Duration.ofDays(3).toMillis())).isFalse();
    }

    @Test
    void aTamperedCookieIsNotValid() {
        String value = bypass.issue(NOW);
        String[] parts = value.split("\\.");
        long later = Long.parseLong(parts[1]) + 3600;
        char last = parts[2].charAt(parts[2].length() - 1);
        String otherMac = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? "BB" : "AA");

        assertThat(bypass.isValid("1." + later + "." + parts[2], NOW)).as("expiry pushed").isFalse();
        assertThat(bypass.isValid(parts[0] + "." + parts[1] + "." + otherMac, NOW)).as("MAC changed").isFalse();
        assertThat(bypass.isValid("2." + parts[1] + "." + parts[2], NOW)).as("version changed").isFalse();
    }

    @Test
    void aCookieOfAnotherSecretIsNotValid() {
        String value = BypassCookie.of("another-secret-0123456789").issue(NOW);

        assertThat(bypass.isValid(value, NOW)).isFalse();
        assertThat(BypassCookie.of("another-secret-0123456789").isValid(value, NOW)).isTrue();
    }

    @Test
    void shorteningTheLifetimeTakesEffectOnCookiesAlreadyIssued() {
        String value = bypass.issue(NOW);
        BypassCookie shorter = BypassCookie.of(SECRET, "/", "maintenance_bypass", Duration.ofHours(1));

        assertThat(shorter.isValid(value, NOW)).isFalse();
        assertThat(shorter.isValid(value, NOW + Duration.ofHours(11).toMillis() + 1000)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.", "1..", "1.abc.def", "1.-5.AAAA", "1.123", "1.123.", "1.123.!!!!",
        "1.99999999999999.AAAA", "x.1.AAAA", "1.1.AAAA.BBBB", "1. 12.AAAA", "1.12345678901234567890.AAAA",
        "1.1772352000.%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%"})
    void malformedCookiesAreNotValidAndDoNotThrow(String value) {
        assertThat(bypass.isValid(value, NOW)).isFalse();
    }

    @Test
    void aMissingCookieIsNotValid() {
        assertThat(bypass.isValid(null, NOW)).isFalse();
    }

    @Test
    void aMacOfTheRightLengthButWrongBytesIsNotValid() {
        String payload = "1." + (NOW / 1000 + 60);
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

        assertThat(bypass.isValid(payload + "." + zeros, NOW)).isFalse();
    }

    @Test
    void theSecretIsRecognisedInTheUrlAndTheHeader() {
        assertThat(bypass.isSecretPath("/" + SECRET)).isTrue();
        assertThat(bypass.isSecretPath("/" + SECRET + "x")).isFalse();
        assertThat(bypass.isSecretPath("/" + SECRET.substring(1))).isFalse();
        assertThat(bypass.isSecretPath("/x" + SECRET)).isFalse();
        assertThat(bypass.isSecretPath("/")).isFalse();
        assertThat(bypass.isSecret(SECRET)).isTrue();
        assertThat(bypass.isSecret(SECRET.toUpperCase())).isFalse();
        assertThat(bypass.isSecret("")).isFalse();
        assertThat(bypass.isSecret(null)).isFalse();

        BypassCookie under = BypassCookie.of(SECRET, "/_maintenance/", "maintenance_bypass", Duration.ofHours(1));
        assertThat(under.isSecretPath("/_maintenance/" + SECRET)).isTrue();
        assertThat(under.isSecretPath("/" + SECRET)).isFalse();
        assertThat(under.isSecretPath("/_maintenance" + SECRET)).isFalse();
    }

    @Test
    void constantTimeEqualsComparesWholeStrings() {
        assertThat(BypassCookie.constantTimeEquals("abc", "abc", 0)).isTrue();
        assertThat(BypassCookie.constantTimeEquals("abc", "/abc", 1)).isTrue();
        assertThat(BypassCookie.constantTimeEquals("abc", "abd", 0)).isFalse();
        assertThat(BypassCookie.constantTimeEquals("abc", "ab", 0)).isFalse();
        assertThat(BypassCookie.constantTimeEquals("abc", "abcd", 0)).isFalse();
        assertThat(BypassCookie.constantTimeEquals("abc", "", 0)).isFalse();
        assertThat(BypassCookie.constantTimeEquals("a\u0000", "a", 0)).isFalse();
    }

    @Test
    void theSetCookieHeaderHasEveryAttribute() {
        String header = bypass.setCookieHeader("1.2.abc", "/shop", false, NOW);

        assertThat(header).isEqualTo("maintenance_bypass=1.2.abc; Path=/shop; Max-Age=43200; "
                + "Expires=Sun, 1 Mar 2026 20:00:00 GMT; HttpOnly; SameSite=Lax");
        assertThat(bypass.setCookieHeader("1.2.abc", "/", true, NOW)).endsWith("; HttpOnly; SameSite=Lax; Secure");
    }

    @Test
    void badSettingsAreRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> BypassCookie.of("short-secret"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'bypassSecret': '(12 characters, not shown)' (16 to 256 characters; "
                        + "generate one with: openssl rand -hex 16)");
        assertThatThrownBy(() -> BypassCookie.of("with spaces in the secret"))
                .hasMessage("invalid value for 'bypassSecret': '(not shown)' (only letters, digits and - . _ ~ "
                        + "(it appears in a URL); character 5 is not)");
        assertThatThrownBy(() -> BypassCookie.of("a/b/c/d/e/f/g/h/i/j/k"))
                .hasMessageNotContaining("a/b/c").hasMessageContaining("character 2 is not");
        assertThatThrownBy(() -> BypassCookie.of(""))
                .hasMessage("invalid value for 'bypassSecret': '' (a secret is required)");
        assertThatThrownBy(() -> BypassCookie.of("x".repeat(257))).hasMessageContaining("(257 characters, not shown)");
        assertThatThrownBy(() -> BypassCookie.of(SECRET, "bypass", "c", Duration.ofHours(1)))
                .hasMessage("invalid value for 'bypassPath': 'bypass' (invalid route path 'bypass': path must start with /)");
        assertThatThrownBy(() -> BypassCookie.of(SECRET, "/", "bad name", Duration.ofHours(1)))
                .hasMessage("invalid value for 'bypassCookieName': 'bad name' (1 to 64 letters, digits, '-' or '_')");
        assertThatThrownBy(() -> BypassCookie.of(SECRET, "/", "c", Duration.ofMillis(10)))
                .hasMessage("invalid value for 'bypassTtl': '10ms' (1s to 30d)");
        assertThatThrownBy(() -> BypassCookie.of(SECRET, "/", "c", Duration.ofDays(31)))
                .hasMessage("invalid value for 'bypassTtl': '744h' (1s to 30d)");
    }

    @Test
    void theDescriptionNeverShowsTheSecret() {
        assertThat(bypass.toString()).doesNotContain(SECRET)
                .isEqualTo("url=/<secret>, header=X-Maintenance-Bypass, cookie=maintenance_bypass, ttl=12h");
    }

    @Test
    void aWindowsCookieIsBoundToItsSecretHashAndHasNoSecretUrl() {
        String hash = io.github.maintenance.WindowOptions.hashSecret("window-secret-1");
        BypassCookie window = BypassCookie.forWindow(hash, "maintenance_bypass", Duration.ofHours(1));
        BypassCookie other = BypassCookie.forWindow(io.github.maintenance.WindowOptions.hashSecret("window-secret-2"),
                "maintenance_bypass", Duration.ofHours(1));
        String value = window.issue(NOW);

        assertThat(value).matches("w1\\.\\d+\\.[A-Za-z0-9_-]{43}");
        assertThat(window.isValid(value, NOW)).isTrue();
        assertThat(other.isValid(value, NOW)).as("another window's secret").isFalse();
        assertThat(bypass.isValid(value, NOW)).as("the static secret's check").isFalse();
        assertThat(window.isValid(bypass.issue(NOW), NOW)).as("a static cookie").isFalse();
        assertThat(window.isValid(value, NOW + Duration.ofHours(1).toMillis())).isFalse();
        assertThat(window.isSecretPath("/" + hash)).isFalse();
        assertThat(window.isSecret(hash)).isFalse();
        assertThat(window.toString()).doesNotContain(hash);
        assertThatThrownBy(() -> BypassCookie.forWindow("ABC", "maintenance_bypass", Duration.ofHours(1)))
                .isInstanceOf(MaintenanceException.class);
    }
}
