package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.UrlPolicy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Outbound HTTP of the registry (maintenance-page and backend verification, {@code BACKEND_TEST}):
 * one shared {@link HttpClient} with a connect time-out, HTTP/1.1, no automatic redirects and a
 * small executor. Each request is a {@code GET} whose body is never read; redirects are followed
 * (at most 5) only to URLs the {@link UrlPolicy} allows, otherwise the redirect itself is the
 * answer.
 *
 * <p><b>Address check and its limit.</b> Right before each request (the first and every
 * redirect) the host is resolved and the resolved addresses are judged by the policy
 * ({@link UrlPolicy#allowedAddresses}); when none is allowed the request is not sent and the
 * answer is the error {@code refused by the URL policy}. The JDK client then resolves the name
 * once more by itself (Java 17's {@link HttpClient} has no resolver hook), so a name whose DNS
 * answer changes between the two look-ups within the same instant (DNS rebinding with a zero TTL)
 * can still reach an address the policy refuses. The page proxy of the servlet module does not
 * have this gap: its client connects only to the addresses the policy approved. What a probe can
 * learn is a status code; no body is read or returned.
 *
 * <p>Thread-safe. The client is created on first use; {@link #close()} stops its executor (the
 * JDK 17 client has no {@code close()}: its selector thread ends once the client is collected).
 */
final class Outbound {

    /** The answer to one probe: an HTTP status, or the reason there was none. */
    record Result(int status, boolean tls, String error) {
        boolean answered() {
            return error == null;
        }
    }

    private static final int MAX_REDIRECTS = 5;

    /** Resolves a host name to its addresses (the system resolver outside tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final UrlPolicy policy;
    private final Resolver resolver;
    private final Duration connectTimeout;
    private final ExecutorService executor;
    private volatile HttpClient client;

    Outbound(UrlPolicy policy, Duration connectTimeout) {
        this(policy, connectTimeout, InetAddress::getAllByName);
    }

    Outbound(UrlPolicy policy, Duration connectTimeout, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
        this.connectTimeout = connectTimeout;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                RegistryServer.daemon("registry-http"));
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    UrlPolicy policy() {
        return policy;
    }

    /**
     * Checks {@code url} against the policy.
     *
     * @throws MaintenanceException when the policy refuses it
     */
    URI check(String url) {
        return policy.check(url);
    }

    /** GETs {@code uri}; completes with a status or an error, never exceptionally. */
    CompletableFuture<Result> get(URI uri, Duration timeout) {
        return get(uri, timeout, 0);
    }

    private CompletableFuture<Result> get(URI uri, Duration timeout, int redirects) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("User-Agent", "maintenance-registry").build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Result(0, false, "invalid url"));
        }
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        return CompletableFuture.supplyAsync(() -> addressRefusal(uri.getHost()), executor).thenCompose(refusal -> {
            if (refusal != null) {
                return CompletableFuture.completedFuture(new Result(0, tls, refusal));
            }
            return send(request, uri, tls, timeout, redirects);
        });
    }

    /** Why no address of {@code host} may be connected to, or {@code null} when one may. */
    private String addressRefusal(String host) {
        if (host == null) {
            return "invalid url";
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            List<InetAddress> allowed = policy.allowedAddresses(h, Arrays.asList(resolver.resolve(h)));
            return allowed.isEmpty() ? "refused by the URL policy: " + h + " resolves to no allowed address" : null;
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    private CompletableFuture<Result> send(HttpRequest request, URI uri, boolean tls, Duration timeout,
            int redirects) {
        return client().sendAsync(request, info -> new Discard()).handle((r, e) -> {
            if (e != null) {
                return CompletableFuture.completedFuture(new Result(0, tls, describe(e)));
            }
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent() && redirects < MAX_REDIRECTS) {
                URI next = redirectTarget(uri, location.get());
                if (next != null) {
                    return get(next, timeout, redirects + 1);
                }
            }
            return CompletableFuture.completedFuture(new Result(status, tls, null));
        }).thenCompose(f -> f);
    }

    private URI redirectTarget(URI base, String location) {
        try {
            URI next = base.resolve(location);
            policy.check(next.toString());
            return next;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1).executor(executor).build();
                    client = c;
                }
            }
        }
        return c;
    }

    void close() {
        executor.shutdownNow();
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t.getClass() == java.util.concurrent.ExecutionException.class)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }

    /** Completes at once and cancels the body: only the status matters, the body is never read. */
    private static final class Discard implements HttpResponse.BodySubscriber<Void> {
        @Override
        public CompletionStage<Void> getBody() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            // never requested
        }

        @Override
        public void onError(Throwable throwable) {
            // the status is already known
        }

        @Override
        public void onComplete() {
            // nothing to do
        }
    }
}
