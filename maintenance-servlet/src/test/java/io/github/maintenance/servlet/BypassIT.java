package io.github.maintenance.servlet;

import static io.github.maintenance.servlet.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.testing.MutableClock;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bypass secret over real HTTP: the secret URL, the header, the cookie and what it lets through. */
class BypassIT {

    private static final String SECRET = "c0ffee-4b1d-42f0-9e8a-5a3c2d1e0f99";
    private static final String COOKIE = "maintenance_bypass";

    private final MutableClock clock = MutableClock.atDefault();
    private MaintenanceController controller;
    private JettyServer server;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(String contextPath, FilterSettings settings) throws Exception {
        controller = MaintenanceController.create(Apps.config(clock)
                .route(Route.builder("admin").path("/admin").build())
                .build());
        server = jetty.start(contextPath, ctx -> {
            JettyServer.addFilter(ctx, new MaintenanceFilter(controller, settings));
            JettyServer.addServlet(ctx, new Apps.OkServlet(), "/*");
        });
    }

    private void start() throws Exception {
        start("/", FilterSettings.custom().bypassSecret(SECRET).build());
    }

    /** The {@code name=value} part of the bypass cookie a response sets. */
    private static String cookieOf(HttpResponse<?> response) {
        String setCookie = header(response, "Set-Cookie");
        assertThat(setCookie).as("Set-Cookie").isNotNull().startsWith(COOKIE + "=");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theSecretUrlSetsTheCookieAndRedirectsHome() throws Exception {
        start();
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/" + SECRET));

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Location")).isEqualTo("/");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Set-Cookie"))
                .matches(COOKIE + "=1\\.\\d+\\.[A-Za-z0-9_-]{43}; Path=/; Max-Age=43200; Expires=[^;]+ GMT; "
                        + "HttpOnly; SameSite=Lax");
        assertThat(r.body()).isEmpty();
        assertThat(controller.totals().maintenanceHits()).as("the secret URL is not a maintenance hit").isZero();
    }

    @Test
    void aValidCookiePassesMaintenanceAndOthersStillSeeThePage() throws Exception {
        start();
        controller.enter("ALL");
        String cookie = cookieOf(Http.get(server.uri("/" + SECRET)));

        HttpResponse<String> team = Http.get(server.uri("/shop/cart"), "Cookie", "theme=dark; " + cookie);
        HttpResponse<String> user = Http.get(server.uri("/shop/cart"));

        assertThat(team.statusCode()).isEqualTo(200);
        assertThat(team.body()).isEqualTo("app GET /shop/cart");
        assertThat(user.statusCode()).isEqualTo(503);
        assertThat(header(user, "X-Maintenance-Mode")).isEqualTo("true");
    }

    @Test
    void aValidCookiePassesADrain() throws Exception {
        start();
        controller.startDrain(io.github.maintenance.Target.all(), Duration.ofSeconds(10), DrainPolicy.linear(), null,
                io.github.maintenance.Cause.api());
        clock.advance(Duration.ofSeconds(20));
        String cookie = cookieOf(Http.get(server.uri("/" + SECRET)));

        assertThat(Http.get(server.uri("/x"), "Cookie", cookie).statusCode()).isEqualTo(200);
        HttpResponse<String> rejected = Http.get(server.uri("/x"));
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(header(rejected, "X-Drain-Mode")).isEqualTo("true");
    }

    @Test
    void aTamperedOrMalformedCookieIsIgnored() throws Exception {
        start();
        controller.enter("ALL");
        String cookie = cookieOf(Http.get(server.uri("/" + SECRET)));
        String[] parts = cookie.substring(COOKIE.length() + 1).split("\\.");
        String longer = COOKIE + "=1." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];
        String flipped = COOKIE + "=1." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);

        for (String bad : List.of(longer, flipped, COOKIE + "=garbage", COOKIE + "=", COOKIE + "=\"1.2.3\"",
                "x" + cookie, COOKIE + "=" + "A".repeat(4000))) {
            HttpResponse<String> r = Http.get(server.uri("/"), "Cookie", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(503);
            assertThat(header(r, "X-Maintenance-Mode")).isEqualTo("true");
        }
        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).as("the genuine cookie").isEqualTo(200);
    }

    @Test
    void anExpiredCookieIsIgnored() throws Exception {
        start();
        controller.enter("ALL");
        String cookie = cookieOf(Http.get(server.uri("/" + SECRET)));

        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).isEqualTo(503);
    }

    @Test
    void rotatingTheSecretInvalidatesOldCookies() throws Exception {
        start();
        controller.enter("ALL");
        String cookie = cookieOf(Http.get(server.uri("/" + SECRET)));
        server.close();
        controller.close();

        String rotated = "rotated-" + SECRET;
        start("/", FilterSettings.custom().bypassSecret(rotated).build());
        controller.enter("ALL");

        assertThat(Http.get(server.uri("/"), "Cookie", cookie).statusCode()).isEqualTo(503);
        assertThat(Http.get(server.uri("/" + SECRET)).statusCode()).as("the old secret URL").isEqualTo(503);
        String fresh = cookieOf(Http.get(server.uri("/" + rotated)));
        assertThat(Http.get(server.uri("/"), "Cookie", fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void theHeaderPassesTheRequestItselfAndSetsTheCookie() throws Exception {
        start();
        controller.enter("ALL");

        HttpResponse<String> r = Http.get(server.uri("/api/orders"), BypassCookie.HEADER, SECRET);
        HttpResponse<String> wrong = Http.get(server.uri("/api/orders"), BypassCookie.HEADER, SECRET + "x");

        assertThat(r.statusCode()).as("no redirect: every request of a client that sends the header passes")
                .isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /api/orders");
        String cookie = cookieOf(r);
        assertThat(Http.get(server.uri("/other"), "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(wrong.statusCode()).isEqualTo(503);
        assertThat(header(wrong, "Set-Cookie")).isNull();
    }

    @Test
    void theSecretUrlWorksWhileOnlySomeRoutesAreInMaintenance() throws Exception {
        start();
        controller.enter("admin");

        HttpResponse<String> r = Http.get(server.uri("/" + SECRET));

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Http.get(server.uri("/admin/users"), "Cookie", cookieOf(r)).statusCode()).isEqualTo(200);
        assertThat(Http.get(server.uri("/admin/users")).statusCode()).isEqualTo(503);
    }

    @Test
    void whileNothingIsBlockedTheSecretUrlIsAnOrdinaryPath() throws Exception {
        start();

        HttpResponse<String> r = Http.get(server.uri("/" + SECRET));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("app GET /" + SECRET);
        assertThat(header(r, "Set-Cookie")).isNull();
    }

    @Test
    void underAContextPathTheRedirectAndTheCookieStayInsideIt() throws Exception {
        start("/shop", FilterSettings.custom().bypassSecret(SECRET).bypassPath("/_maintenance")
                .bypassCookieName("team_pass").bypassTtl(Duration.ofHours(2)).build());
        controller.enter("ALL");

        assertThat(Http.get(server.uri("/shop/" + SECRET)).statusCode()).as("not under bypassPath").isEqualTo(503);
        HttpResponse<String> r = Http.get(server.uri("/shop/_maintenance/" + SECRET));

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Location")).isEqualTo("/shop/");
        assertThat(header(r, "Set-Cookie")).startsWith("team_pass=").contains("; Path=/shop; Max-Age=7200; ");
        String cookie = header(r, "Set-Cookie").substring(0, header(r, "Set-Cookie").indexOf(';'));
        assertThat(Http.get(server.uri("/shop/cart"), "Cookie", cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void behindATrustedProxyThatSaysHttpsTheCookieIsSecure() throws Exception {
        start("/", FilterSettings.custom().bypassSecret(SECRET).trustedProxies("127.0.0.1").build());
        controller.enter("ALL");

        assertThat(header(Http.get(server.uri("/" + SECRET), "X-Forwarded-Proto", "https"), "Set-Cookie"))
                .endsWith("; Secure");
        assertThat(header(Http.get(server.uri("/" + SECRET)), "Set-Cookie")).doesNotContain("Secure");
    }

    @Test
    void anUntrustedPeerCannotClaimHttps() throws Exception {
        start();
        controller.enter("ALL");

        assertThat(header(Http.get(server.uri("/" + SECRET), "X-Forwarded-Proto", "https"), "Set-Cookie"))
                .doesNotContain("Secure");
    }

    @Test
    void overHttpsTheCookieIsSecure(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();

        controller = MaintenanceController.create(Apps.config(clock).build());
        controller.enter("ALL");
        JettyServer tls = jetty.start(JettyServerExtension.builder()
                .tls(keystore, "changeit")
                .filter(new MaintenanceFilter(controller, FilterSettings.custom().bypassSecret(SECRET).build()))
                .servlet(new Apps.OkServlet(), "/*"));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> r = Http.send(client, Http.request(tls.uri("/" + SECRET)).build());

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(header(r, "Set-Cookie")).endsWith("; HttpOnly; SameSite=Lax; Secure");
        String cookie = header(r, "Set-Cookie").substring(0, header(r, "Set-Cookie").indexOf(';'));
        HttpResponse<String> passed = Http.send(client, Http.request(tls.uri("/x"), "Cookie", cookie).build());
        assertThat(passed.statusCode()).isEqualTo(200);
    }
}
