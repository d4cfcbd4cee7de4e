package io.github.maintenance.jmx;

import io.github.maintenance.Cause;
import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.JMX;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Modes and per-window options through the MBean, registered in the platform MBean server (as
 * {@code jconsole} sees an application) and called over a loopback RMI connector.
 */
@Timeout(60)
class JmxWindowOptionsTest {

    private static final String INSTANCE = "jmx-window-options";

    private final MutableClock clock = MutableClock.atDefault();
    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
    private MaintenanceController controller;
    private LoopbackJmxConnector connector;
    private MaintenanceMXBean bean;

    @BeforeEach
    void setUp() throws Exception {
        controller = MaintenanceController.create(MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName(INSTANCE)
                .jmx(true)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("web").path("/web").build())
                .pageTemplate("upgrade", PageTemplate.of("<main>{{message}}</main>"))
                .build());
        connector = new LoopbackJmxConnector(platform);
        bean = JMX.newMXBeanProxy(connector.connection(), name(), MaintenanceMXBean.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        connector.close();
        controller.close();
    }

    private static ObjectName name() throws Exception {
        return new ObjectName("io.github.maintenance:type=Maintenance,name=" + INSTANCE);
    }

    @Test
    void enterModeSetsReadOnlyAndTheRouteShowsModeAndCounters() throws Exception {
        assertThat(bean.enterMode("api", "read-only", "Upgrading", "30m"))
                .startsWith("entered maintenance on [api] for 30m (mode=read-only) (version ");
        assertThat(controller.status("api").maintenanceMode()).isEqualTo(MaintenanceMode.READ_ONLY);
        assertThat(controller.status("api").maintenanceUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));

        Decision d = controller.decide("shop.test", "/api/orders");
        d.recordReadOnlyRejected();
        d.recordReadOnlyRejected();

        CompositeData api = ((CompositeData[]) connector.connection().getAttribute(name(), "Routes"))[1];
        assertThat(api.get("id")).isEqualTo("api");
        assertThat(api.get("mode")).isEqualTo("read-only");
        assertThat(api.get("options")).isEqualTo("mode=read-only");
        assertThat(api.get("readOnlyRejected")).isEqualTo(2L);
        assertThat(api.get("held")).isEqualTo(0L);
        RouteInfo web = bean.getRoutes().get(2);
        assertThat(web.getMode()).as("not in maintenance").isEmpty();
        assertThat(web.getOptions()).isEmpty();
        assertThat(bean.getReadOnlyRejected()).isEqualTo(2);

        assertThat(bean.enterMode("web", "", "", "")).startsWith("entered maintenance on [web] (version ");
        assertThat(bean.getRoutes().get(2).getMode()).isEqualTo("full");
        assertThat(bean.getRoutes().get(2).getOptions()).isEmpty();
    }

    @Test
    void enterWithOptionsSetsHoldAndEveryOptionAndNeverShowsTheSecret() throws Exception {
        String done = bean.enterWithOptions("/web", "hold", "", "", 429, "", "30s", "upgrade", "20s",
                "let-me-in-42");
        assertThat(done).startsWith("entered maintenance on [web] (mode=hold, status=429, refresh=30s, "
                + "template=upgrade, secret=set, hold=20s)").doesNotContain("let-me-in-42");

        WindowOptions o = controller.status("web").maintenanceOptions();
        assertThat(o.mode()).isEqualTo(MaintenanceMode.HOLD);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.template()).isEqualTo("upgrade");
        assertThat(o.hold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.isBypassSecret("let-me-in-42")).isTrue();
        assertThat(controller.snapshot().state("web").maintenance().cause()).isEqualTo(Cause.of(Cause.Source.JMX, ""));

        Decision d = controller.decide("shop.test", "/web/cart");
        d.recordHeld();
        d.recordHeld();
        d.recordHoldEnded(true);
        RouteInfo web = bean.getRoutes().get(2);
        assertThat(web.getMode()).isEqualTo("hold");
        assertThat(web.getOptions()).contains("hold=20s").contains("secret=set").doesNotContain("let-me-in-42");
        assertThat(web.getHeld()).isEqualTo(1);
        assertThat(web.getHoldReleased()).isEqualTo(1);
        assertThat(web.getHoldTimedOut()).isZero();
        assertThat(bean.getHeld()).isEqualTo(1);
        assertThat(web.toString()).isEqualTo("web MAINTENANCE hold");

        // Entering again replaces the options: a redirect in full mode, no gap.
        assertThat(bean.enterWithOptions("web", "full", "", "", 307, "/status", "", "", "", ""))
                .contains("(mode=full, status=307, redirect=/status)");
        assertThat(controller.status("web").inMaintenance()).isTrue();
        assertThat(controller.status("web").maintenanceOptions().redirect()).isEqualTo("/status");
        assertThat(controller.status("web").maintenanceOptions().bypassSecretHash()).isNull();
    }

    @Test
    void badOptionsAreRefusedWithTheSharedMessageAndChangeNothing() throws Exception {
        bean.enterMode("web", "read-only", "", "");
        long version = controller.snapshot().version();

        assertRefused(() -> bean.enterMode("api", "sleepy", "", ""),
                expected(Map.of("action", "enter", "target", "api", "mode", "sleepy")));
        assertRefused(() -> bean.enterWithOptions("api", "", "", "", 200, "", "", "", "", ""),
                expected(Map.of("action", "enter", "target", "api", "status", 200)));
        assertRefused(() -> bean.enterWithOptions("api", "", "", "", -1, "", "", "", "", ""),
                expected(Map.of("action", "enter", "target", "api", "status", -1)));
        assertRefused(() -> bean.enterWithOptions("api", "hold", "", "", 0, "", "", "", "10m", ""),
                expected(Map.of("action", "enter", "target", "api", "mode", "hold", "hold", "10m")));
        assertRefused(() -> bean.enterWithOptions("api", "", "", "", 0, "", "", "", "", "short"),
                expected(Map.of("action", "enter", "target", "api", "secret", "short")));
        assertRefused(() -> bean.enterWithOptions("api", "", "", "", 0, "ftp://x", "", "", "", ""),
                expected(Map.of("action", "enter", "target", "api", "redirect", "ftp://x")));
        assertRefused(() -> bean.enterWithOptions("web", "", "", "", 0, "", "2h", "", "", ""),
                expected(Map.of("action", "enter", "target", "web", "refresh", "2h")));

        assertThat(controller.snapshot().version()).isEqualTo(version);
        assertThat(controller.status("api").inMaintenance()).isFalse();
        assertThat(controller.status("web").maintenanceMode()).isEqualTo(MaintenanceMode.READ_ONLY);
    }

    @Test
    void aConsoleSeesTheNewOperationsWithNamedSimpleParameters() throws Exception {
        MBeanOperationInfo op = Arrays.stream(connector.connection().getMBeanInfo(name()).getOperations())
                .filter(o -> o.getName().equals("enterWithOptions")).findFirst().orElseThrow();
        assertThat(op.getSignature()).extracting(MBeanParameterInfo::getName).containsExactly("target", "mode",
                "message", "duration", "status", "redirect", "refresh", "template", "hold", "secret");
        assertThat(op.getSignature()).extracting(MBeanParameterInfo::getType)
                .allMatch(t -> t.equals(String.class.getName()) || t.equals("int"));
        assertThat(op.getSignature()[1].getDescription()).contains("read-only").contains("hold");
        assertThat(op.getImpact()).isEqualTo(MBeanOperationInfo.ACTION);

        Throwable t = catchThrowable(() -> connector.connection().invoke(name(), "enterMode",
                new Object[] {"api", "nap", "", ""}, new String[] {"java.lang.String", "java.lang.String",
                    "java.lang.String", "java.lang.String"}));
        assertThat(t).isInstanceOf(RuntimeMBeanException.class);
        assertThat(t.getCause()).isExactlyInstanceOf(IllegalArgumentException.class).hasNoCause();
        assertThat(controller.status("api").inMaintenance()).isFalse();
    }

    private String expected(Map<String, Object> fields) {
        Throwable t = catchThrowable(() -> controller.apply(ChangeFields.parse(fields, null), Cause.api()));
        assertThat(t).isInstanceOf(MaintenanceException.class);
        return t.getMessage();
    }

    private static void assertRefused(Supplier<String> call, String message) {
        assertThatThrownBy(call::get).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
