package io.github.maintenance.servlet.proxy;

import io.github.maintenance.page.Variant;
import io.github.maintenance.servlet.proxy.UpstreamFetcher.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Shared copies of custom pages, per page URL and variant, refreshed in the background.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A copy younger than the time to live is served as it is.</li>
 *   <li>An older copy is still served while one fetch refreshes it (stale-while-revalidate);
 *       there is never more than one fetch in flight per key (single-flight).</li>
 *   <li>With no copy, a request waits for the fetch in flight, but never longer than the miss
 *       wait counted from the start of that fetch; then it gets {@code null} (the built-in
 *       page). So with a stalled page server only the first requests wait, at most that long.</li>
 *   <li>When a fetch gets no answer, the last copy stays; when the page server answers with an
 *       unusable page (an error status, too large), the copy is dropped. Either way no new fetch
 *       starts for that key before the time to live has passed again.</li>
 *   <li>At most {@code maxEntries} keys; a new key beyond that evicts an idle one.</li>
 * </ul>
 * Keys come from the configured page URLs and the variants of the built-in page, not from free
 * request text, so their number is bounded by the configuration.
 *
 * <p>Thread-safe; the request path reads one map entry and two volatile fields.
 */
final class PageCache {

    /** What a shared copy depends on. */
    record Key(String url, String method, Variant variant, String language, String proto) {
    }

    private static final long NEVER = Long.MIN_VALUE / 2;

    /** One key's copy and its fetch. */
    private static final class Entry {
        volatile PageProxy.Page page;
        volatile long storedAt = NEVER;
        volatile long failedAt = NEVER;
        volatile long fetchStartNanos;
        final AtomicReference<CompletableFuture<Outcome>> inFlight = new AtomicReference<>();
    }

    private final Clock clock;
    private final long ttlMillis;
    private final long missWaitNanos;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    PageCache(Clock clock, Duration ttl, int maxEntries, Duration missWait) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.missWaitNanos = missWait.toNanos();
    }

    /**
     * The page to serve for {@code key}, or {@code null} for the built-in page.
     *
     * @param fetch starts a fetch for this key; called at most once at a time per key
     */
    PageProxy.Page get(Key key, Supplier<CompletableFuture<Outcome>> fetch) throws InterruptedException {
        Entry e = entries.get(key);
        if (e == null) {
            if (entries.size() >= maxEntries) {
                evictOne();
            }
            e = entries.computeIfAbsent(key, k -> new Entry());
        }
        long now = clock.millis();
        PageProxy.Page page = e.page;
        if (page != null && now - e.storedAt < ttlMillis) {
            return page;
        }
        if (now - e.failedAt < ttlMillis) {
            return page;
        }
        CompletableFuture<Outcome> f = refresh(e, fetch);
        if (page != null || f == null) {
            return page;
        }
        long remaining = e.fetchStartNanos + missWaitNanos - System.nanoTime();
        if (remaining <= 0) {
            return null;
        }
        try {
            return f.get(remaining, TimeUnit.NANOSECONDS).page();
        } catch (TimeoutException | ExecutionException ex) {
            return null;
        }
    }

    /** The fetch in flight for {@code e}, started now if there was none. */
    private CompletableFuture<Outcome> refresh(Entry e, Supplier<CompletableFuture<Outcome>> fetch) {
        CompletableFuture<Outcome> current = e.inFlight.get();
        if (current != null) {
            return current;
        }
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        if (!e.inFlight.compareAndSet(null, mine)) {
            return e.inFlight.get();
        }
        e.fetchStartNanos = System.nanoTime();
        fetch.get().whenComplete((outcome, error) -> {
            Outcome o = outcome == null ? Outcome.NO_ANSWER : outcome;
            long at = clock.millis();
            if (o.page() != null) {
                e.page = o.page();
                e.storedAt = at;
                e.failedAt = NEVER;
            } else {
                if (o.answered()) {
                    e.page = null;
                }
                e.failedAt = at;
            }
            e.inFlight.set(null);
            mine.complete(o);
        });
        return mine;
    }

    private void evictOne() {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().inFlight.get() == null) {
                it.remove();
                return;
            }
        }
    }

    /** The number of keys held. */
    int size() {
        return entries.size();
    }
}
