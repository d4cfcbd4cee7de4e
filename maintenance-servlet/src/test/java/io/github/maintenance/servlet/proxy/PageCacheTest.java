package io.github.maintenance.servlet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.page.Variant;
import io.github.maintenance.servlet.proxy.UpstreamFetcher.Outcome;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cache's rules, with fetches that the test completes by hand. */
@Timeout(10)
class PageCacheTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final PageCache cache = new PageCache(clock, Duration.ofSeconds(5), 2, Duration.ZERO);
    private final List<CompletableFuture<Outcome>> fetches = new ArrayList<>();
    private final Supplier<CompletableFuture<Outcome>> fetch = () -> {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        fetches.add(f);
        return f;
    };

    private static PageCache.Key key(String url) {
        return new PageCache.Key(url, "GET", Variant.HTML, "en", "http");
    }

    private static Outcome page(String body) {
        return new Outcome(new PageProxy.Page(200, Map.of(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                true);
    }

    private static String body(PageProxy.Page p) {
        return p == null ? null : new String(p.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aMissStartsOneFetchAndGetsTheBuiltInPageUntilItCompletes() throws Exception {
        assertThat(cache.get(key("a"), fetch)).isNull();
        assertThat(cache.get(key("a"), fetch)).isNull();
        assertThat(fetches).as("single flight").hasSize(1);

        fetches.get(0).complete(page("v1"));

        assertThat(body(cache.get(key("a"), fetch))).isEqualTo("v1");
        assertThat(fetches).hasSize(1);
    }

    @Test
    void aStaleCopyIsServedWhileOneFetchRefreshesIt() throws Exception {
        cache.get(key("a"), fetch);
        fetches.get(0).complete(page("v1"));
        clock.advance(Duration.ofSeconds(6));

        assertThat(body(cache.get(key("a"), fetch))).isEqualTo("v1");
        assertThat(body(cache.get(key("a"), fetch))).isEqualTo("v1");
        assertThat(fetches).hasSize(2);

        fetches.get(1).complete(page("v2"));
        assertThat(body(cache.get(key("a"), fetch))).isEqualTo("v2");
    }

    @Test
    void noAnswerKeepsTheCopyAndWaitsATtlBeforeTheNextFetch() throws Exception {
        cache.get(key("a"), fetch);
        fetches.get(0).complete(page("v1"));
        clock.advance(Duration.ofSeconds(6));
        cache.get(key("a"), fetch);
        fetches.get(1).complete(Outcome.NO_ANSWER);

        assertThat(body(cache.get(key("a"), fetch))).isEqualTo("v1");
        clock.advance(Duration.ofSeconds(4));
        assertThat(body(cache.get(key("a"), fetch))).isEqualTo("v1");
        assertThat(fetches).as("no retry within the TTL").hasSize(2);
        clock.advance(Duration.ofSeconds(2));
        cache.get(key("a"), fetch);
        assertThat(fetches).hasSize(3);
    }

    @Test
    void anUnusableAnswerDropsTheCopy() throws Exception {
        cache.get(key("a"), fetch);
        fetches.get(0).complete(page("v1"));
        clock.advance(Duration.ofSeconds(6));
        cache.get(key("a"), fetch);
        fetches.get(1).complete(new Outcome(null, true));

        assertThat(cache.get(key("a"), fetch)).isNull();
    }

    @Test
    void theNumberOfKeysIsBounded() throws Exception {
        for (String url : List.of("a", "b", "c", "d")) {
            cache.get(key(url), fetch);
            fetches.get(fetches.size() - 1).complete(page(url));
        }

        assertThat(cache.size()).isEqualTo(2);
    }
}
