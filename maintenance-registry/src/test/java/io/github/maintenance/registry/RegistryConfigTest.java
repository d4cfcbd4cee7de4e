package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.UrlPolicy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings object alone: every value survives {@code from}, every invalid value is named. */
class RegistryConfigTest {

    private static final Predicate<InetAddress> NOBODY = a -> false;

    /** Every setting away from its default. */
    private static RegistryConfig.Builder everythingChanged() throws Exception {
        return RegistryConfig.custom().bindAddress("::1").port(7001).backlog(12).token("first").token("second")
                .token("ops", "ops-secret").tls(SSLContext.getDefault()).maxLineLength(1024).maxConnections(40).reservedConnections(3)
                .reservedFor(NOBODY).maxConnectionsPerAddress(7).maxSessions(30).maxRoutesPerSession(9)
                .eventQueueLimit(77).idleTimeout(Duration.ofMinutes(11)).registrationTimeout(Duration.ofSeconds(4))
                .writeTimeout(Duration.ofSeconds(6)).gracePeriod(Duration.ofMinutes(2))
                .stagedTtl(Duration.ofMinutes(3)).sweepInterval(Duration.ZERO)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .urlPolicy(UrlPolicy.anyHost()).verifyBackendOnExit(true)
                .enterVerificationTimeout(Duration.ofSeconds(25)).exitVerificationTimeout(Duration.ofSeconds(9))
                .verificationRetryInterval(Duration.ofMillis(250)).connectTimeout(Duration.ofMillis(700))
                .readTimeout(Duration.ofMillis(900)).backendTestTimeout(Duration.ofSeconds(7))
                .reconnectSamePeer(true).authFailuresPerMinute(3).threadStackSize(256 * 1024);
    }

    /** The public getters of the settings, found by reflection so that a new one is covered too. */
    private static List<Method> getters() {
        List<Method> getters = new ArrayList<>();
        for (Method m : RegistryConfig.class.getMethods()) {
            if (m.getDeclaringClass() != Object.class && m.getParameterCount() == 0
                    && !Modifier.isStatic(m.getModifiers()) && !m.getName().equals("toString")) {
                getters.add(m);
            }
        }
        return getters;
    }

    @Test
    void fromCopiesEverySetting() throws Exception {
        RegistryConfig original = everythingChanged().build();
        RegistryConfig copy = RegistryConfig.from(original).build();
        RegistryConfig defaults = RegistryConfig.ofDefaults();
        assertThat(getters()).hasSize(25);
        for (Method getter : getters()) {
            assertThat(getter.invoke(copy)).as(getter.getName()).isEqualTo(getter.invoke(original));
            assertThat(getter.invoke(original)).as(getter.getName() + " changed").isNotEqualTo(getter.invoke(defaults));
        }
        assertThat(copy.tokens()).containsExactlyInAnyOrder("first", "second");
        assertThat(copy.tokenNames()).containsExactly("ops");
        assertThat(copy.auth().namedTokens()).containsExactly(java.util.Map.entry("ops", "ops-secret"));
        assertThat(copy.limits().reservedFor()).isSameAs(NOBODY);
    }

    @Test
    void theBuilderKeepsItsValuesAfterFromAndChangesOnlyTheCopy() throws Exception {
        RegistryConfig original = everythingChanged().build();
        RegistryConfig changed = RegistryConfig.from(original).tokens(Set.of("third")).port(0).build();
        assertThat(original.tokens()).containsExactlyInAnyOrder("first", "second");
        assertThat(original.port()).isEqualTo(7001);
        assertThat(changed.tokens()).containsExactly("third");
        assertThat(changed.port()).isZero();
        assertThatThrownBy(() -> original.tokens().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        RegistryConfig d = RegistryConfig.ofDefaults();
        assertThat(d.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(7000);
        assertThat(d.backlog()).isEqualTo(256);
        assertThat(d.tokens()).isEmpty();
        assertThat(d.tls()).isNull();
        assertThat(d.limits()).isEqualTo(RegistryLimits.DEFAULTS);
        assertThat(d.idleTimeout()).isZero();
        assertThat(d.registrationTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.gracePeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.stagedTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.sweepInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.clock().getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(d.urlPolicy()).isNull();
        assertThat(d.verifyBackendOnExit()).isFalse();
        assertThat(d.enterVerificationTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.exitVerificationTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(d.verificationRetryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.backendTestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.reconnectSamePeer()).isFalse();
        assertThat(d.authFailuresPerMinute()).isEqualTo(10);
        assertThat(d.threadStackSize()).isEqualTo(512 * 1024);
    }

    @Test
    void theDescriptionShowsTheEffectiveSettingsWithoutSecrets() throws Exception {
        assertThat(RegistryConfig.ofDefaults()).hasToString("bind=127.0.0.1:7000, auth=off, tls=off, "
                + RegistryLimits.DEFAULTS + ", idleTimeout=off, registrationTimeout=10s, writeTimeout=10s,"
                + " gracePeriod=5m, stagedTtl=30m, verifyBackendOnExit=false, urls=controller's policy");
        String described = everythingChanged().build().toString();
        assertThat(described).startsWith("bind=::1:7001, auth=3 token(s) named [ops], tls=on, maxLineLength=1024,")
                .contains(", idleTimeout=11m, registrationTimeout=4s, writeTimeout=6s, gracePeriod=2m, stagedTtl=3m,"
                        + " verifyBackendOnExit=true, urls=")
                .doesNotContain("first").doesNotContain("second").doesNotContain("ops-secret");
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                invalid(b -> b.bindAddress(" "), "invalid value for 'bindAddress': ' ' (is required)"),
                invalid(b -> b.bindAddress(null), "invalid value for 'bindAddress': 'null' (is required)"),
                invalid(b -> b.port(-1), "invalid value for 'port': '-1' (must be 0 to 65535)"),
                invalid(b -> b.backlog(0), "invalid value for 'backlog': '0' (must be at least 1)"),
                invalid(b -> b.token("a\nb"),
                        "invalid value for 'token': '(hidden)' (1 to 1024 characters, no control characters)"),
                invalid(b -> b.token("x".repeat(1025)),
                        "invalid value for 'token': '(hidden)' (1 to 1024 characters, no control characters)"),
                invalid(b -> b.token(null),
                        "invalid value for 'token': '(hidden)' (1 to 1024 characters, no control characters)"),
                invalid(b -> b.idleTimeout(Duration.ofSeconds(-1)),
                        "invalid value for 'idleTimeout': 'PT-1S' (must not be negative)"),
                invalid(b -> b.registrationTimeout(Duration.ZERO),
                        "invalid value for 'registrationTimeout': 'PT0S' (must be positive)"),
                invalid(b -> b.writeTimeout(null), "invalid value for 'writeTimeout': 'null' (must be positive)"),
                invalid(b -> b.gracePeriod(Duration.ZERO), "invalid value for 'gracePeriod': 'PT0S' (must be positive)"),
                invalid(b -> b.stagedTtl(Duration.ZERO), "invalid value for 'stagedTtl': 'PT0S' (must be positive)"),
                invalid(b -> b.sweepInterval(null), "invalid value for 'sweepInterval': 'null' (must not be negative)"),
                invalid(b -> b.clock(null), "invalid value for 'clock': 'null' (is required)"),
                invalid(b -> b.enterVerificationTimeout(Duration.ZERO),
                        "invalid value for 'enterVerificationTimeout': 'PT0S' (must be positive)"),
                invalid(b -> b.exitVerificationTimeout(Duration.ofSeconds(10)),
                        "invalid value for 'exitVerificationTimeout': 'PT10S' (must stay below the Go client's 10s)"),
                invalid(b -> b.verificationRetryInterval(Duration.ZERO),
                        "invalid value for 'verificationRetryInterval': 'PT0S' (must be positive)"),
                invalid(b -> b.connectTimeout(Duration.ZERO), "invalid value for 'connectTimeout': 'PT0S' (must be positive)"),
                invalid(b -> b.readTimeout(Duration.ZERO), "invalid value for 'readTimeout': 'PT0S' (must be positive)"),
                invalid(b -> b.backendTestTimeout(Duration.ZERO),
                        "invalid value for 'backendTestTimeout': 'PT0S' (must be positive)"),
                invalid(b -> b.authFailuresPerMinute(0),
                        "invalid value for 'authFailuresPerMinute': '0' (must be at least 1)"),
                invalid(b -> b.threadStackSize(1024),
                        "invalid value for 'threadStackSize': '1024' (must be 0 or at least 131072)"),
                invalid(b -> b.maxConnections(0), "invalid value for 'maxConnections': '0' (must be at least 1)"),
                invalid(b -> b.reservedFor(null), "invalid value for 'reservedFor': 'null' (is required)"),
                invalid(b -> b.eventQueueLimit(0), "invalid value for 'eventQueueLimit': '0' (must be at least 1)"));
    }

    private static Arguments invalid(UnaryOperator<RegistryConfig.Builder> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void anInvalidValueIsNamedWithItsRule(UnaryOperator<RegistryConfig.Builder> change, String message) {
        RegistryConfig.Builder builder = change.apply(RegistryConfig.custom());
        assertThatThrownBy(builder::build).hasMessage(message);
    }
}
