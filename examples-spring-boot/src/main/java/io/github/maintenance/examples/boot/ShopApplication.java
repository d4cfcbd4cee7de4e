package io.github.maintenance.examples.boot;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small shop behind the maintenance mode: everything comes from {@code application.yml} and the
 * one starter dependency. Start it with {@code mvn -q -pl examples-spring-boot -am spring-boot:run},
 * then for example:
 *
 * <pre>
 * curl -i http://127.0.0.1:8080/
 * curl -s -X POST http://127.0.0.1:8080/actuator/maintenance -H 'Content-Type: application/json' \
 *      -d '{"action":"enter","target":"/admin","message":"Back at noon"}'
 * curl -i http://127.0.0.1:8080/admin
 * </pre>
 */
@SpringBootApplication
public class ShopApplication {

    /** Created by Spring. */
    public ShopApplication() {
    }

    /** Starts the shop. */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    /** The shop's pages and API. */
    @RestController
    static class Shop {

        @GetMapping("/")
        String home() {
            return "Welcome to the shop\n";
        }

        @GetMapping("/admin")
        String admin() {
            return "Shop administration\n";
        }

        @GetMapping("/api/products")
        List<Map<String, Object>> products() {
            return List.of(Map.of("id", 1, "name", "Teapot", "price", 19.5),
                    Map.of("id", 2, "name", "Cup", "price", 4.0));
        }

        @GetMapping("/api/status")
        Map<String, Object> status() {
            return Map.of("status", "ok");
        }
    }
}
