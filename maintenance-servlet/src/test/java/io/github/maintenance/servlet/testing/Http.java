package io.github.maintenance.servlet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tests' HTTP client: HTTP/1.1, redirects not followed, string bodies, and bounded in time:
 * {@link #TIMEOUT} until the response head, {@link #ANSWER_TIMEOUT} for the whole answer (also
 * when a body never ends). Failures are unchecked, naming the request.
 *
 * <pre>{@code
 * HttpResponse<String> r = Http.get(jetty.uri("/admin"), "Accept", "text/html");
 * assertThat(Http.header(r, "Retry-After")).isEqualTo("300");
 * Http.post(uri, "{\"action\":\"enter\"}", "Content-Type", "application/json");
 * Http.send(Http.request(uri).method("PUT", BodyPublishers.noBody()));
 * }</pre>
 *
 * <p>For requests {@link HttpClient} will not send (a chosen {@code Host}, hop-by-hop headers)
 * use {@link RawHttp}. Thread-safe.
 */
public final class Http {

    /** Until the response head arrives. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Until the whole answer has arrived. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** The shared client (connect time-out 5 s). */
    public static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    /** A request builder with the time-out and the given header name/value pairs. */
    public static HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    /** GET with the given header name/value pairs. */
    public static HttpResponse<String> get(URI uri, String... headers) {
        return send(request(uri, headers).GET());
    }

    /** HEAD with the given header name/value pairs. */
    public static HttpResponse<String> head(URI uri, String... headers) {
        return send(request(uri, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** POST of {@code body} (UTF-8; empty for none) with the given header name/value pairs. */
    public static HttpResponse<String> post(URI uri, String body, String... headers) {
        return send(request(uri, headers).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Sends with the shared client and reads the whole answer (in the charset the response names, else UTF-8). */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(CLIENT, request.build());
    }

    /** Sends with another client (one with its own TLS trust, say), bounded like the others. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = request.method() + " " + request.uri() + " failed";
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(what + ": " + io, io);
            }
            throw new IllegalStateException(what, cause);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IllegalStateException(request.method() + " " + request.uri() + ": no complete answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The first value of a response header, or {@code null}. */
    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
