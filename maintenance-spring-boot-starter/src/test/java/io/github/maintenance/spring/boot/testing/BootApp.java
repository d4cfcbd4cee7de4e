package io.github.maintenance.spring.boot.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application started for a test on a free port of 127.0.0.1 and talked to over
 * HTTP, the same on every Boot version: no Boot test support, only {@link SpringApplicationBuilder},
 * the {@code local.server.port} property and the JDK's HTTP client.
 */
public final class BootApp implements AutoCloseable {

    /** The server the tests run on ("Tomcat" or "Jetty"), set by the build; empty when not set. */
    public static final String EXPECTED_SERVER = System.getProperty("maintenance.test.server", "");

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
        List<String> args = new ArrayList<>();
        for (String p : List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                "logging.level.root=WARN", "spring.jmx.enabled=false")) {
            args.add("--" + p);
        }
        for (String p : properties) {
            args.add("--" + p);
        }
        return new BootApp(new SpringApplicationBuilder(source).run(args.toArray(String[]::new)));
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

    /** GET {@code path} with optional header name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
