package io.github.maintenance.servlet.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Origins are compared in the form browsers send; requested headers must be tokens. */
class CorsPolicyTest {

    @Test
    void originsAreNormalisedAsBrowsersSerialiseThem() {
        CorsPolicy p = CorsPolicy.of(List.of(" HTTP://127.0.0.1:80 ", "https://LOCALHOST:443", "http://[::1]:5173"), false);

        assertThat(p.allows("http://127.0.0.1")).isTrue();
        assertThat(p.allows("https://localhost")).isTrue();
        assertThat(p.allows("http://[::1]:5173")).isTrue();
        assertThat(p.allows("http://127.0.0.1:80")).isFalse();
        assertThat(p.allows("https://127.0.0.1")).isFalse();
        assertThat(p.allows("null")).isFalse();
        assertThat(p.allows(null)).isFalse();
        assertThat(p.vary("Accept")).isEqualTo("Accept, Origin");
        assertThat(p).hasToString("http://127.0.0.1,https://localhost,http://[::1]:5173");
    }

    @Test
    void aWildcardAllowsEveryOriginAndNoListMeansOff() {
        CorsPolicy any = CorsPolicy.of(List.of("*"), false);
        assertThat(any.allows("null")).isTrue();
        assertThat(any.allows("http://127.0.0.1:1")).isTrue();
        assertThat(any.vary("Accept")).isEqualTo("Accept");

        CorsPolicy off = CorsPolicy.of(List.of(), false);
        assertThat(off.isEnabled()).isFalse();
        assertThat(off).isSameAs(CorsPolicy.none());
        assertThat(off.allows("http://127.0.0.1")).isFalse();
        assertThat(off.vary(null)).isNull();
    }

    @Test
    void badOriginsAreRefused() {
        for (String bad : new String[] {"127.0.0.1:5173", "http://", "http://127.0.0.1/", "http://127.0.0.1?a",
                "http://127.0.0.1#x", "ws://127.0.0.1", "http://u:p@127.0.0.1", "http://127.0.0.1:5173 x", ""}) {
            assertThatThrownBy(() -> CorsPolicy.of(List.of(bad), false)).as(bad)
                    .isInstanceOf(MaintenanceException.class).hasMessageContaining("corsAllowedOrigins");
        }
    }

    @Test
    void requestedHeadersMustBeTokensWithinTheBound() {
        assertThat(CorsPolicy.requestedHeaders(" content-type ,X-Requested-With,, ")).containsExactly("content-type",
                "X-Requested-With");
        assertThat(CorsPolicy.requestedHeaders(null)).isEmpty();
        assertThat(CorsPolicy.requestedHeaders("x y")).isNull();
        assertThat(CorsPolicy.requestedHeaders("x-a\r\nx-b")).isNull();
        assertThat(CorsPolicy.requestedHeaders("x".repeat(CorsPolicy.MAX_REQUEST_HEADERS_LENGTH + 1))).isNull();
        assertThat(CorsPolicy.isToken("PATCH")).isTrue();
        assertThat(CorsPolicy.isToken("GET;")).isFalse();
        assertThat(CorsPolicy.isToken("")).isFalse();
    }
}
