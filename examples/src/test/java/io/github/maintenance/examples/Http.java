package io.github.maintenance.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for the tests: real requests, string bodies, 10 s time-out. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri) {
        return send(request(uri).GET().build());
    }

    static HttpResponse<String> get(URI uri, String accept) {
        return send(request(uri).header("Accept", accept).GET().build());
    }

    static HttpResponse<String> head(URI uri) {
        return send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    static HttpResponse<String> post(URI uri) {
        return send(request(uri).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** GET with {@code Authorization: Bearer token}. */
    static HttpResponse<String> getWithToken(URI uri, String token) {
        return send(request(uri).header("Authorization", "Bearer " + token).GET().build());
    }

    /** POST of a JSON body with {@code Authorization: Bearer token}. */
    static HttpResponse<String> postJson(URI uri, String token, String json) {
        return send(request(uri).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
