package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.util.Map;

import jakarta.servlet.ServletException;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which forwarding header the filter believes from a trusted proxy: the one named by
 * {@code forwardedHeader}, never the other. The test client (127.0.0.1) plays the trusted proxy;
 * 127.0.0.7 is the one allowed client address.
 */
class ForwardedHeaderIT {

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    private JettyServer start(Map<String, String> extra) throws Exception {
        return jetty.start(ctx -> {
            FilterHolder holder = JettyServer.addFilter(ctx, new MaintenanceFilter());
            holder.setInitParameter("maintenance", "ALL");
            holder.setInitParameter("allowedIps", "127.0.0.7");
            holder.setInitParameter("trustedProxies", "127.0.0.1");
            extra.forEach(holder::setInitParameter);
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    @Test
    void byDefaultAClientCannotForgeItsAddressWithItsOwnForwardedHeader() throws Exception {
        JettyServer server = start(Map.of());

        assertThat(Http.get(server.uri("/"), "Forwarded", "for=127.0.0.7").statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "127.0.0.9", "Forwarded", "for=127.0.0.7")
                .statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "127.0.0.7").statusCode()).isEqualTo(200);
    }

    @Test
    void namingForwardedReadsOnlyForwarded() throws Exception {
        JettyServer server = start(Map.of("forwardedHeader", "Forwarded"));

        assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "127.0.0.7").statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/"), "Forwarded", "for=\"127.0.0.7:4711\"").statusCode()).isEqualTo(200);
    }

    @Test
    void namingNoneReadsNeither() throws Exception {
        JettyServer server = start(Map.of("forwardedHeader", "none"));

        assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "127.0.0.7").statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/"), "Forwarded", "for=127.0.0.7").statusCode()).isEqualTo(503);
    }

    @Test
    void anUnknownHeaderNameStopsTheFilterFromStarting() {
        Throwable thrown = catchThrowable(() -> start(Map.of("forwardedHeader", "X-Real-IP")));

        ServletException error = JettyServer.startupError(thrown, "Invalid maintenance filter configuration: ");
        assertThat(error.getMessage()).isEqualTo("Invalid maintenance filter configuration: invalid value for "
                + "'forwardedHeader': 'X-Real-IP' (expected X-Forwarded-For, Forwarded or none)");
    }
}
