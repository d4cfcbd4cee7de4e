package io.github.maintenance.servlet.access;

import java.util.Arrays;

/** Prints what {@link IpAddresses#parse} makes of each argument; run in a JVM of its own by {@link IpAddressesTest}. */
final class IpAddressesProbe {

    private IpAddressesProbe() {
    }

    public static void main(String[] args) {
        for (String a : args) {
            byte[] parsed = IpAddresses.parse(a);
            System.out.println(a + " -> " + (parsed == null ? "null" : Arrays.toString(parsed)));
        }
    }
}
