package io.github.maintenance.jmx;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who and why in the audit trail for changes made over JMX: the authenticated JMX user is the
 * actor and the {@code …WithReason} operations carry the reason, through a real RMI connector on
 * 127.0.0.1 that requires a password.
 */
@Timeout(60)
class JmxAuditTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private final MaintenanceController controller = MaintenanceController.create(MaintenanceConfig.custom()
            .clock(clock)
            .tickInterval(Duration.ZERO)
            .eventExecutor(Runnable::run)
            .instanceName("shop-1")
            .jmx(true)
            .jmxServer(mbeans)
            .route(Route.builder("api").path("/api").build())
            .build());
    private LoopbackJmxConnector connector;

    @AfterEach
    void tearDown() throws Exception {
        if (connector != null) {
            connector.close();
        }
        controller.close();
    }

    private MaintenanceMXBean proxy() throws Exception {
        return JMX.newMXBeanProxy(connector.connection(),
                new ObjectName("io.github.maintenance:type=Maintenance,name=shop-1"), MaintenanceMXBean.class);
    }

    @Test
    void anAuthenticatedUserIsTheActorAndTheReasonIsKept() throws Exception {
        connector = new LoopbackJmxConnector(mbeans, "ops", "s3cret-pass");
        MaintenanceMXBean bean = proxy();

        assertThat(bean.enterWithReason("api", "read-only", "Back soon", "30m", "schema migration 42"))
                .startsWith("entered maintenance on [api] for 30m");
        assertThat(bean.drainWithReason("ALL", 60, "deploy 7.1")).startsWith("draining [*, api] over 1m");
        assertThat(bean.cancelWithReason("ALL", "deploy called off")).startsWith("cancelled the drain of");
        assertThat(bean.exitWithReason("api", "migration done")).startsWith("left maintenance on [api]");
        bean.enter("api", "");

        List<AuditEntry> trail = controller.audit().list();
        assertThat(trail).extracting(AuditEntry::source).containsOnly(Cause.Source.JMX);
        assertThat(trail).extracting(AuditEntry::actor).containsOnly("ops");
        assertThat(trail).extracting(AuditEntry::reason)
                .containsExactly("", "migration done", "deploy called off", "deploy 7.1", "schema migration 42");
        assertThat(controller.status("api").maintenanceUntil()).isNull();
    }

    @Test
    void withoutAuthenticationTheActorIsEmpty() throws Exception {
        connector = new LoopbackJmxConnector(mbeans);

        proxy().enterWithReason("api", "", "", "", "hot fix");

        assertThat(controller.audit().list()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEmpty();
            assertThat(e.reason()).isEqualTo("hot fix");
        });
    }

    @Test
    void aBadReasonIsRefusedAndChangesNothing() throws Exception {
        connector = new LoopbackJmxConnector(mbeans, "ops", "s3cret-pass");
        MaintenanceMXBean bean = proxy();
        long version = controller.snapshot().version();

        assertThatThrownBy(() -> bean.enterWithReason("api", "", "", "", "line\nbreak"))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> bean.exitWithReason("api", "x".repeat(Cause.MAX_REASON_LENGTH + 1)))
                .hasMessageContaining("reason");

        assertThat(controller.snapshot().version()).isEqualTo(version);
        assertThat(controller.audit().list()).isEmpty();
    }

    @Test
    void theActorIsTheJmxPrincipalCleanedAndCut() {
        assertThat(JmxCaller.actor(null)).isEmpty();
        assertThat(JmxCaller.actor(new Subject())).isEmpty();
        Subject withJmxPrincipal = new Subject(false,
                Set.<java.security.Principal>of(new JMXPrincipal("deploy\u0007bot"), () -> "aaa-other"), Set.of(), Set.of());
        assertThat(JmxCaller.actor(withJmxPrincipal)).isEqualTo("deploybot");
        Subject other = new Subject(false, Set.<java.security.Principal>of(() -> "zed", () -> "bob"), Set.of(), Set.of());
        assertThat(JmxCaller.actor(other)).isEqualTo("bob");
        Subject longName = new Subject(false, Set.of(new JMXPrincipal("n".repeat(300))), Set.of(), Set.of());
        assertThat(JmxCaller.actor(longName)).hasSize(JmxCaller.MAX_ACTOR_LENGTH);
    }
}
