package io.github.maintenance.jmx;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.Phase;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.JMX;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The MBean over a real RMI connector on 127.0.0.1, as jconsole or a JMX client would use it. */
@Timeout(60)
class MaintenanceJmxTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
    private MBeanServer mbeans;
    private MaintenanceController controller;
    private LoopbackJmxConnector connector;

    @BeforeEach
    void setUp() throws Exception {
        mbeans = MBeanServerFactory.newMBeanServer();
        controller = MaintenanceController.create(config("shop-1").jmx(true).build());
        controller.addListener(events::add);
        connector = new LoopbackJmxConnector(mbeans);
    }

    @AfterEach
    void tearDown() throws Exception {
        connector.close();
        controller.close();
    }

    private MaintenanceConfig.Builder config(String instance) {
        return MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName(instance)
                .jmxServer(mbeans)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("web").path("/web").build());
    }

    private static ObjectName name(String instance) throws Exception {
        return new ObjectName("io.github.maintenance:type=Maintenance,name=" + instance);
    }

    private MaintenanceMXBean proxy() throws Exception {
        return JMX.newMXBeanProxy(connector.connection(), name("shop-1"), MaintenanceMXBean.class);
    }

    @Test
    void theConnectorListensOnLoopbackOnly() {
        assertThat(connector.listening()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.getInetAddress().isLoopbackAddress()).isTrue())
                .extracting(ServerSocket::getLocalPort).allSatisfy(p -> assertThat(p).isPositive());
    }

    @Test
    void attributesAreOpenTypesShowingRoutesCountersAndStore() throws Exception {
        controller.enter("api");
        MBeanServerConnection c = connector.connection();
        assertThat(c.getAttribute(name("shop-1"), "InstanceName")).isEqualTo("shop-1");
        Object routes = c.getAttribute(name("shop-1"), "Routes");
        assertThat(routes).isInstanceOf(CompositeData[].class);
        CompositeData api = ((CompositeData[]) routes)[1];
        assertThat(api.get("id")).isEqualTo("api");
        assertThat(api.get("phase")).isEqualTo("MAINTENANCE");
        assertThat(api.get("maintenanceHits")).isEqualTo(0L);

        MaintenanceMXBean bean = proxy();
        assertThat(bean.getRoutePhases()).containsExactlyInAnyOrderEntriesOf(
                Map.of(Route.CATCH_ALL_ID, "SERVING", "api", "MAINTENANCE", "web", "SERVING"));
        assertThat(bean.getRoutes()).extracting(RouteInfo::getId).containsExactly(Route.CATCH_ALL_ID, "api", "web");
        assertThat(bean.getRouteCount()).isEqualTo(3);
        assertThat(bean.getRoutesInMaintenance()).isEqualTo(1);
        assertThat(bean.getRoutesDraining()).isZero();
        assertThat(bean.getStateVersion()).isEqualTo(controller.snapshot().version()).isPositive();
        assertThat(bean.getMaintenanceHits()).isZero();
        assertThat(bean.getLifetimeDrainRejected()).isZero();
        assertThat(bean.isStoreAvailable()).isTrue();
        assertThat(bean.isStoreDamaged()).isFalse();
        assertThat(bean.getStoreDamage()).isEmpty();
        assertThat(bean.getStoreDetail()).isEqualTo("ok");
        assertThat(bean.getStore()).isEqualTo(controller.storeStatus().store());
        assertThat(bean.getLibraryVersion()).isNotBlank();
    }

    @Test
    void countersFollowTheRequestPath() throws Exception {
        controller.enter("api");
        controller.decide("shop.test", "/api/x").recordBlocked();
        controller.decide("shop.test", "/api/y").recordBlocked();
        MaintenanceMXBean bean = proxy();
        assertThat(bean.getMaintenanceHits()).isEqualTo(2);
        assertThat(bean.getLifetimeMaintenanceHits()).isEqualTo(2);
        assertThat(bean.getRoutes().get(1).getMaintenanceHits()).isEqualTo(2);
    }

    @Test
    void operationsChangeTheControllerWithTheJmxCause() throws Exception {
        MaintenanceMXBean bean = proxy();

        assertThat(bean.enter("api", "Back at noon")).startsWith("entered maintenance on [api] (version ");
        assertThat(controller.status("api").phase()).isEqualTo(Phase.MAINTENANCE);
        assertThat(controller.status("api").maintenanceMessage()).isEqualTo("Back at noon");
        assertThat(controller.status("api").maintenanceUntil()).isNull();

        assertThat(bean.enterFor("/web", "", "30m")).startsWith("entered maintenance on [web] for 30m");
        assertThat(controller.status("web").maintenanceUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(bean.getRoutes().get(2).getUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)).toString());

        assertThat(bean.exit("api,web")).startsWith("left maintenance on [api, web]");
        assertThat(controller.status("api").phase()).isEqualTo(Phase.SERVING);
        assertThat(bean.exit("api")).startsWith("nothing was in maintenance on api");

        assertThat(bean.drain("ALL", 120)).startsWith("draining [*, api, web] over 2m");
        assertThat(controller.statuses()).allSatisfy(s -> assertThat(s.phase()).isEqualTo(Phase.DRAINING));
        assertThat(bean.getRoutes().get(0).getDrainRemainingSeconds()).isEqualTo(120);

        assertThat(bean.cancel("ALL")).startsWith("cancelled the drain of [*, api, web]");
        assertThat(controller.statuses()).allSatisfy(s -> assertThat(s.phase()).isEqualTo(Phase.SERVING));
        assertThat(bean.getStateVersion()).isEqualTo(controller.snapshot().version());

        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.cause()).isEqualTo(Cause.of(Cause.Source.JMX, "")));
    }

    @Test
    void badInputIsRefusedWithTheChangeModelsMessageAndChangesNothing() throws Exception {
        MaintenanceMXBean bean = proxy();
        controller.enter("web");
        long version = controller.snapshot().version();

        assertRefused(() -> bean.enter("nosuch", "m"), expectedMessage(Map.of("action", "enter", "target", "nosuch")));
        assertRefused(() -> bean.drain("ALL", -5), "field 'seconds' must be from 1 to 86400, got -5");
        assertRefused(() -> bean.drain("ALL", 86_401), "field 'seconds' must be from 1 to 86400, got 86401");
        assertRefused(() -> bean.enterFor("ALL", "m", "abc"),
                expectedMessage(Map.of("action", "enter", "target", "ALL", "duration", "abc")));
        assertRefused(() -> bean.enterFor("ALL", "m", " "), "missing field 'duration'");
        assertRefused(() -> bean.exit(""), "missing field 'target'");
        assertRefused(() -> bean.cancel("/no space"), expectedMessage(Map.of("action", "cancel", "target", "/no space")));

        assertThat(controller.snapshot().version()).isEqualTo(version);
        assertThat(controller.status("web").phase()).isEqualTo(Phase.MAINTENANCE);
        assertThat(controller.status("api").phase()).isEqualTo(Phase.SERVING);
        assertThat(controller.status(Route.CATCH_ALL_ID).phase()).isEqualTo(Phase.SERVING);
    }

    @Test
    void aRawRemoteCallGetsTheRefusalAsRuntimeMBeanException() throws Exception {
        Throwable t = catchThrowable(() -> connector.connection().invoke(name("shop-1"), "drain",
                new Object[] {"ALL", 0L}, new String[] {String.class.getName(), long.class.getName()}));
        assertThat(t).isInstanceOf(RuntimeMBeanException.class);
        assertThat(t.getCause()).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'seconds' must be from 1 to 86400, got 0").hasNoCause();
        assertThat(controller.status(Route.CATCH_ALL_ID).draining()).isFalse();
    }

    /** The message the shared change model gives for these fields, applied directly. */
    private String expectedMessage(Map<String, Object> fields) {
        Throwable t = catchThrowable(() -> controller.apply(ChangeFields.parse(fields, null), Cause.api()));
        assertThat(t).isInstanceOf(MaintenanceException.class);
        return t.getMessage();
    }

    private static void assertRefused(Supplier<String> call, String message) {
        assertThatThrownBy(call::get).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aConsoleSeesNamedParametersAndDescriptions() throws Exception {
        MBeanInfo info = connector.connection().getMBeanInfo(name("shop-1"));
        Map<String, MBeanOperationInfo> ops = new HashMap<>();
        for (MBeanOperationInfo op : info.getOperations()) {
            ops.put(op.getName(), op);
        }
        assertThat(ops).containsOnlyKeys("enter", "enterFor", "enterMode", "enterWithOptions", "enterWithReason", "exit",
                "exitWithReason", "drain", "drainWithReason", "cancel", "cancelWithReason");
        assertThat(ops.get("exitWithReason").getSignature()).extracting(MBeanParameterInfo::getName)
                .containsExactly("target", "reason");
        assertThat(ops.get("exitWithReason").getSignature()[1].getDescription()).contains("audit trail");
        assertThat(ops.get("enterFor").getSignature()).extracting(MBeanParameterInfo::getName)
                .containsExactly("target", "message", "duration");
        assertThat(ops.get("drain").getSignature()).extracting(MBeanParameterInfo::getName)
                .containsExactly("target", "seconds");
        assertThat(ops.get("drain").getSignature()[1].getDescription()).contains("1 to 86400");
        assertThat(ops.values()).allSatisfy(op -> assertThat(op.getImpact()).isEqualTo(MBeanOperationInfo.ACTION));
        assertThat(info.getAttributes()).allSatisfy(a -> assertThat(a.getDescription()).isNotEqualTo(a.getName()));
    }

    @Test
    void closeUnregistersTheMBean() throws Exception {
        assertThat(connector.connection().isRegistered(name("shop-1"))).isTrue();
        controller.close();
        assertThat(connector.connection().isRegistered(name("shop-1"))).isFalse();
        assertThat(mbeans.queryNames(new ObjectName("io.github.maintenance:*"), null)).isEmpty();
    }

    @Test
    void withoutOptInNothingIsRegistered() throws Exception {
        ObjectName all = new ObjectName("io.github.maintenance:*");
        try (MaintenanceController plain = MaintenanceController.create(config("plain").build());
                MaintenanceController defaults = MaintenanceController.create()) {
            assertThat(plain.config().jmx()).isFalse();
            assertThat(defaults.config().jmx()).isFalse();
            assertThat(mbeans.queryNames(all, null)).containsExactly(name("shop-1"));
            assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(all, null)).isEmpty();
        }
    }

    @Test
    void aSecondControllerWithTheSameInstanceNameIsRefusedClearly() throws Exception {
        assertThatThrownBy(() -> MaintenanceController.create(config("shop-1").jmx(true).build()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("an MBean named io.github.maintenance:type=Maintenance,name=shop-1 is already registered: "
                        + "another maintenance controller has the instance name 'shop-1'; give each controller its "
                        + "own instanceName or jmxDomain");
        assertThat(proxy().enter("api", "")).startsWith("entered maintenance on [api]");
        assertThat(controller.status("api").inMaintenance()).isTrue();
    }

    @Test
    void aDomainTurnsJmxOnAndInstanceNamesAreQuotedWhenNeeded() throws Exception {
        try (MaintenanceController other = MaintenanceController.create(
                config("eu,west=1").jmxDomain("com.example.shop").build())) {
            ObjectName quoted = MaintenanceJmx.objectName("com.example.shop", "eu,west=1");
            assertThat(ObjectName.unquote(quoted.getKeyProperty("name"))).isEqualTo("eu,west=1");
            assertThat(quoted.getKeyProperty("type")).isEqualTo("Maintenance");
            MaintenanceMXBean bean = JMX.newMXBeanProxy(connector.connection(), quoted, MaintenanceMXBean.class);
            assertThat(bean.getInstanceName()).isEqualTo("eu,west=1");
            bean.enter("ALL", "");
            assertThat(other.status("api").inMaintenance()).isTrue();
            assertThat(controller.status("api").inMaintenance()).isFalse();
        }
    }

    @Test
    void aBadDomainIsRefusedWhenTheConfigIsBuilt() {
        for (String bad : List.of("", "a:b", "shop*", "x\ny")) {
            assertThatThrownBy(() -> config("x").jmxDomain(bad).build()).isInstanceOf(MaintenanceException.class)
                    .hasMessageContaining("jmxDomain");
        }
    }

    @Test
    void oneCallRegistersAndTheHandleUnregisters() throws Exception {
        try (MaintenanceController plain = MaintenanceController.create(config("manual").build())) {
            JmxRegistration jmx = MaintenanceJmx.register(plain, mbeans);
            assertThat(jmx.objectName()).isEqualTo(name("manual"));
            MaintenanceMXBean bean = JMX.newMXBeanProxy(connector.connection(), name("manual"), MaintenanceMXBean.class);
            assertThat(bean.drain("web", 60)).startsWith("draining [web] over 1m");
            assertThat(plain.status("web").draining()).isTrue();
            jmx.close();
            jmx.close();
            assertThat(connector.connection().isRegistered(name("manual"))).isFalse();
            assertThat(plain.status("web").draining()).isTrue();
        }
    }
}
