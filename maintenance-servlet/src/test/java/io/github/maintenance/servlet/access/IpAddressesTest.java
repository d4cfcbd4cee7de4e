package io.github.maintenance.servlet.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    private static final byte[] V4_LOOPBACK = {127, 0, 0, 1};
    private static final byte[] V6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    @Test
    void literalsAreParsed() {
        assertThat(IpAddresses.parse("127.0.0.1")).isEqualTo(V4_LOOPBACK);
        assertThat(IpAddresses.parse(" 127.0.0.1 ")).isEqualTo(V4_LOOPBACK);
        assertThat(IpAddresses.parse("127.255.0.9")).isEqualTo(new byte[] {127, (byte) 255, 0, 9});
        assertThat(IpAddresses.parse("::1")).isEqualTo(V6_LOOPBACK);
        assertThat(IpAddresses.parse("[::1]")).isEqualTo(V6_LOOPBACK);
        assertThat(IpAddresses.parse("0:0:0:0:0:0:0:1")).isEqualTo(V6_LOOPBACK);
        assertThat(IpAddresses.parse("0000:0:0::0:0001")).isEqualTo(V6_LOOPBACK);
        assertThat(IpAddresses.parse("::1%lo")).isEqualTo(V6_LOOPBACK);
        assertThat(IpAddresses.parse("[::1%1]")).isEqualTo(V6_LOOPBACK);
        assertThat(IpAddresses.parse("::ffff:127.0.0.1")).isEqualTo(V4_LOOPBACK);
        assertThat(IpAddresses.parse("::FFFF:7f00:1")).isEqualTo(V4_LOOPBACK);
        assertThat(IpAddresses.parse("0:0:0:0:0:ffff:127.0.0.1")).isEqualTo(V4_LOOPBACK);
        assertThat(IpAddresses.parse("::")).hasSize(16).containsOnly(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "127.1", "127.0.0.1.", "127.0.0.256", "0177.0.0.1", "127.00.0.1",
        "2130706433", "0x7f000001", "127.0.0.1:80", ".9::31", "::1::", ":::1", ":1", "1:", "::1%", "::2%<x>/.:7", "::1%a/b", "::1%0123456789abcdef",
        "0:0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1::", "0:0:0:0:0:0:0", "00000::1", "::g", "[::1", "::1]",
        "127.0.0.1::", "::127.0.0.1.1", "unknown", "_hidden", "::1 ::1", "\u0661\u0662\u0667.0.0.1"})
    void anythingElseIsNoAddress(String text) {
        assertThat(IpAddresses.parse(text)).isNull();
    }

    /**
     * A JVM whose name service reads a hosts file that maps odd names to loopback: were any of
     * them handed to the resolver, it would come back as an address.
     */
    @Test
    @Timeout(60)
    void noHeaderValueEverReachesTheResolver(@TempDir Path dir) throws IOException, InterruptedException {
        List<String> names = List.of(".9::31", ".1:2", "localhost", "unknown", "_hidden", "g::1", "::1x");
        StringBuilder hosts = new StringBuilder();
        for (String n : names) {
            hosts.append("127.0.0.1 ").append(n).append('\n');
        }
        Path hostsFile = Files.writeString(dir.resolve("hosts"), hosts.toString(), StandardCharsets.US_ASCII);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hostsFile, "-cp", System.getProperty("java.class.path"),
                IpAddressesProbe.class.getName()));
        command.addAll(names);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out.lines()).hasSize(names.size()).allSatisfy(line -> assertThat(line).endsWith(" -> null"));
    }
}
