package io.github.maintenance.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.maintenance.examples.DemoApp;
import io.github.maintenance.servlet.testing.Http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the demo application in this JVM the way its command line does ({@code --http-port},
 * {@code --registry-port 0}, {@code --token}, {@code --state-dir}, {@code --redis}), and drives its
 * dashboard API. Stateless.
 */
final class Demo {

    /** The {@code --token} of every demo started here (registry and dashboard). */
    static final String TOKEN = "fault-suite-token-0123456789";

    /** How long stopping a demo may take (Jetty's stop time-out is 5 s) before the test fails. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    private Demo() {
    }

    /** A free loopback port (free when asked; the demo binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The options of {@code --http-port 0 --registry-port 0 --token TOKEN}: free ports, state in memory. */
    static DemoApp.Options options() {
        return new DemoApp.Options(DemoApp.DEFAULT_HOST, 0, 0, TOKEN);
    }

    /** Starts a demo with {@code --state-dir dir}. */
    static DemoApp withStateDir(Path dir) throws Exception {
        return DemoApp.start(options().withStateDir(dir));
    }

    /**
     * Starts a demo with {@code --redis uri} on a free HTTP port chosen here ({@code --http-port
     * PORT}), so that two demos in this JVM get different instance names ({@code HOST:PORT}; with
     * port 0 both would be named after this process).
     */
    static DemoApp withRedis(String uri) throws Exception {
        return DemoApp.start(options().withPort(freePort()).withRedis(uri));
    }

    /** POSTs a dashboard action ({@code {"action":…,"target":…}}) with the token. */
    static HttpResponse<String> action(DemoApp app, String json) {
        return Http.post(app.uri(DemoApp.DASHBOARD_PATH + "/api/dashboard/actions"), json,
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    /** Applies a dashboard action and checks that it was accepted; returns its JSON answer. */
    static String accepted(DemoApp app, String json) {
        HttpResponse<String> r = action(app, json);
        assertThat(r.statusCode()).as("dashboard action %s: %s", json, r.body()).isEqualTo(200);
        return r.body();
    }

    /** The status of {@code GET path}. */
    static int status(DemoApp app, String path) {
        return Http.get(app.uri(path)).statusCode();
    }

    /** Closes the demo, failing the test when that takes longer than {@link #CLOSE_BOUND}. */
    static void closeWithinBound(DemoApp app) {
        assertTimeoutPreemptively(CLOSE_BOUND, app::close, "DemoApp.close() did not return within the bound");
    }
}
