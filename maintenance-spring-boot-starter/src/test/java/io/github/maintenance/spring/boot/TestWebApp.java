package io.github.maintenance.spring.boot;

import io.github.maintenance.spring.boot.testing.HeldRequests;

import jakarta.servlet.http.HttpServletRequest;

import java.util.concurrent.Callable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small web application: a few endpoints, a request held until the test lets it go
 * ({@link HeldRequests}, {@code /slow}) and every auto-configuration, the starter's included.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TestWebApp.Endpoints.class, HeldRequests.class})
public class TestWebApp {

    /** The Actuator of the operations tests: health and maintenance exposed, health details and probes on. */
    public static final String[] ACTUATOR = {
        "management.endpoints.web.exposure.include=health,maintenance",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true"};

    /** The application's own endpoints. */
    @RestController
    public static class Endpoints {

        /** Created by Spring. */
        public Endpoints() {
        }

        @GetMapping("/hello")
        public String hello() {
            return "hello";
        }

        @GetMapping("/api/hello")
        public String api() {
            return "api-ok";
        }

        @GetMapping("/admin/hello")
        public String admin() {
            return "admin-ok";
        }

        /** The servlet container's name and version, to check which server runs. */
        @GetMapping("/server")
        public String server(HttpServletRequest request) {
            return request.getServletContext().getServerInfo();
        }

        /** Answered on another thread: the request goes async behind the filter. */
        @GetMapping("/api/async")
        public Callable<String> async() {
            return () -> "async-ok";
        }
    }
}
