package io.github.maintenance.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * A small Boot application for the operations tests (Actuator endpoint, readiness, health,
 * shutdown drain): {@code GET /hello} answers {@code hello}; {@code GET /slow} waits until the
 * test releases it. Started on a free loopback port; talked to with {@link HttpClient}.
 */
final class OpsTestApp implements AutoCloseable {

    /** The application: auto-configuration and one controller, no component scan. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Hello.class)
    static class App {
    }

    /** Latches of {@code /slow}, one pair per test (the tests of a class run one at a time). */
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    @RestController
    static class Hello {
        @GetMapping("/hello")
        String hello() {
            return "hello";
        }

        @GetMapping("/slow")
        String slow() throws InterruptedException {
            entered.countDown();
            return release.await(20, TimeUnit.SECONDS) ? "done" : "not released";
        }
    }

    static final List<String> BASE = List.of(
            "server.port=0",
            "server.address=127.0.0.1",
            "spring.main.banner-mode=off",
            "management.endpoints.web.exposure.include=health,maintenance",
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.probes.enabled=true");

    final ConfigurableApplicationContext context;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private OpsTestApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts the app with the base properties plus {@code extra}; listeners get the application's events. */
    static OpsTestApp start(List<String> extra, org.springframework.context.ApplicationListener<?>... listeners) {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        List<String> props = new ArrayList<>(BASE);
        props.addAll(extra);
        SpringApplicationBuilder b = new SpringApplicationBuilder(App.class).properties(props.toArray(String[]::new));
        if (listeners.length > 0) {
            b.listeners(listeners);
        }
        return new OpsTestApp(b.run());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        release.countDown();
        context.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        try {
            return (Map<String, Object>) JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
