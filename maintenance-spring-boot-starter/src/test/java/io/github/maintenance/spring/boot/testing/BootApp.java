package io.github.maintenance.spring.boot.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application started for a test on a free port of 127.0.0.1 and talked to over
 * HTTP, the same on every Boot version: no Boot test support, only {@link SpringApplicationBuilder},
 * the {@code local.server.port} property and the JDK's HTTP client. {@link BootApps} closes the
 * applications a test started; {@link HeldRequests}, {@link ReadinessEvents} and {@link Json} help
 * the operations tests.
 */
public final class BootApp implements AutoCloseable {

    /** The server the tests run on ("Tomcat" or "Jetty"), set by the build; empty when not set. */
    public static final String EXPECTED_SERVER = System.getProperty("maintenance.test.server", "");

    private static final List<String> DEFAULTS = List.of("server.port=0", "server.address=127.0.0.1",
            "spring.main.banner-mode=off", "logging.level.root=WARN", "spring.jmx.enabled=false");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private BootApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
    }

    /**
     * Starts {@code source} with {@code properties} ({@code key=value}, given as command-line
     * arguments so they win over everything else) on a free port bound to 127.0.0.1.
     */
    public static BootApp start(Class<?> source, String... properties) {
        return start(source, List.of(), properties);
    }

    /**
     * Starts {@code source} as {@link #start(Class, String...)} does, with {@code listeners} getting
     * the application's events from the first on. A later setting of a key replaces an earlier one.
     */
    public static BootApp start(Class<?> source, List<? extends ApplicationListener<?>> listeners,
            String... properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String p : DEFAULTS) {
            put(settings, p);
        }
        for (String p : properties) {
            put(settings, p);
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(source);
        if (!listeners.isEmpty()) {
            builder.listeners(listeners.toArray(new ApplicationListener<?>[0]));
        }
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new BootApp(builder.run(args));
    }

    /** Command-line arguments given twice would be joined with a comma: the last setting wins instead. */
    private static void put(Map<String, String> settings, String property) {
        int eq = property.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("not key=value: " + property);
        }
        String key = property.substring(0, eq);
        settings.remove(key);
        settings.put(key, property.substring(eq + 1));
    }

    /** The application context. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The bean of {@code type}. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /** The port of the Actuator ({@code local.management.port}; the HTTP port when it has none of its own). */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port", String.valueOf(port)));
    }

    /** {@code path} on this application's HTTP port. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** GET {@code path} with optional header name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.GET().build());
    }

    /** GET {@code path} without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST {@code json} to {@code path} as {@code application/json}, with optional header name/value pairs. */
    public HttpResponse<String> postJson(String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Sends {@code request} and waits for the answer. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Lets the {@link HeldRequests} still held go, then closes the context (again: does nothing). */
    @Override
    public void close() {
        if (context.isActive()) {
            context.getBeansOfType(HeldRequests.class).values().forEach(HeldRequests::release);
        }
        context.close();
    }
}
