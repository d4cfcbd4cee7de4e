package io.github.maintenance.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The shop starts with its application.yml (on a free loopback port) and the maintenance mode works. */
@Timeout(60)
class ShopApplicationTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ConfigurableApplicationContext context;
    private int port;

    @BeforeEach
    void start() {
        context = new SpringApplicationBuilder(ShopApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "maintenance.shutdown.drain=2s")
                .run();
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> act(String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/maintenance"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theShopAnswersAndAMaintenanceOfTheApiLeavesTheRestAndTheStatusPathAlone() throws Exception {
        assertThat(get("/").body()).isEqualTo("Welcome to the shop\n");
        assertThat(get("/api/products").statusCode()).isEqualTo(200);

        assertThat(act("{\"action\":\"enter\",\"target\":\"api\",\"message\":\"Back at noon\"}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> blocked = get("/api/products");
        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(blocked.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(get("/api/status").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/maintenance").body()).contains("\"id\":\"api\"").contains("Back at noon");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/maintenance/api/dashboard/state").statusCode()).isEqualTo(200);
        // The starter alone brings the meters: the shop names no maintenance-micrometer dependency.
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("(?m)^maintenance_hits_total\\{[^}]*route=\"api\"[^}]*\\} 1\\.0$")
                .containsPattern("(?m)^maintenance_route_state\\{[^}]*route=\"api\"[^}]*state=\"maintenance\"[^}]*\\} 1\\.0$");
    }

    @Test
    void allInMaintenanceLeavesTheOperatorPathsOpen() throws Exception {
        act("{\"action\":\"enter\",\"target\":\"ALL\"}");

        assertThat(get("/").statusCode()).isEqualTo(503);
        assertThat(get("/admin").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/maintenance/").statusCode()).isEqualTo(200);
        assertThat(act("{\"action\":\"exit\",\"target\":\"ALL\"}").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }
}
