package io.github.maintenance.examples;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.redis.testing.RedisServer;
import io.github.maintenance.servlet.testing.Http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster walkthrough: three packaged demos on one redis-server, each on its own
 * HTTP and registry ports; maintenance entered with {@code maintenancectl} on one of them makes
 * all three answer 503, and leaving it on another reopens all three.
 */
class DemoClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static boolean all(List<DemoProcess> demos, String path, int status) {
        return demos.stream().allMatch(d -> Http.get(d.uri(path)).statusCode() == status);
    }

    @Test
    void threeInstancesOnOneRedisFollowAChangeMadeOnAnyOfThem() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"))) {
            List<DemoProcess> demos = new ArrayList<>();
            try {
                int[] registryPorts = new int[3];
                for (int i = 0; i < 3; i++) {
                    registryPorts[i] = DemoProcess.freePort();
                    demos.add(DemoProcess.start(dir.resolve("logs"), DemoProcess.freePort(), "--redis", redis.uri(),
                            "--registry-port", Integer.toString(registryPorts[i])));
                }
                assertThat(all(demos, "/", 200)).isTrue();

                Maintenancectl.Result entered = Maintenancectl.run(registryPorts[0], null, "enter", "--message",
                        "Upgrading the database");
                assertThat(entered.status()).as(entered.err()).isZero();

                await(WAIT).until(() -> all(demos, "/", 503) && all(demos, "/api", 503));
                for (DemoProcess d : demos) {
                    assertThat(Http.get(d.uri("/admin")).body()).isEqualTo("Down for maintenance\nUpgrading the "
                            + "database\n");
                }
                await(WAIT).until(() -> Http.get(demos.get(1).uri("/_control/status")).body()
                        .matches("(?s).*\"cluster\":\\{\"instances\":\\[(\"[^\"]+\",?){3}\\].*"));
                assertThat(Http.get(demos.get(1).uri("/_control/status")).body())
                        .contains("\"store\":{\"store\":\"redis " + redis.uri() + "/0 prefix maintenance:\","
                                + "\"available\":true");

                Maintenancectl.Result exited = Maintenancectl.run(registryPorts[2], null, "exit");
                assertThat(exited.status()).as(exited.err()).isZero();

                await(WAIT).until(() -> all(demos, "/", 200) && all(demos, "/admin", 200));
            } finally {
                demos.forEach(DemoProcess::close);
            }
        }
    }
}
