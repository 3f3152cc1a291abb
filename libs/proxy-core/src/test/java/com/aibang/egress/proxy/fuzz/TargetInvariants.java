package com.aibang.egress.proxy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.target.HostNormalizer;
import com.aibang.egress.proxy.target.InvalidTargetException;
import com.aibang.egress.proxy.target.Target;

/** What must hold for every host and target the normaliser lets through, whatever the input was. */
final class TargetInvariants {
    /** Lower-case letters, digits, '.', '-', '_' (names) and ':' (IPv6); nothing else may survive. */
    private static final String HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-_:";

    private TargetInvariants() {
    }

    /** A normalised host: only allowed characters, and normalising it again changes nothing. */
    static void assertNormalisedHost(String host, String input) throws InvalidTargetException {
        assertTrue(!host.isEmpty(), () -> "empty host from " + describe(input));
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            assertTrue(HOST_CHARS.indexOf(c) >= 0, () -> "character U+" + Integer.toHexString(c) + " survived in host '"
                    + host + "' from " + describe(input));
        }
        String again = HostNormalizer.normalize(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        assertEquals(host, again, () -> "normalising is not idempotent for " + describe(input));
    }

    /** A parsed target: normalised host, port in range, an origin-form path without controls or fragment. */
    static void assertValidTarget(Target target, String input, boolean connect) throws InvalidTargetException {
        assertNormalisedHost(target.host(), input);
        assertTrue(target.port() >= 1 && target.port() <= 65535, () -> "port " + target.port() + " from " + describe(input));
        if (connect) {
            assertEquals("", target.pathAndQuery(), () -> "CONNECT target with a path from " + describe(input));
        } else {
            assertTrue(target.pathAndQuery().startsWith("/"), () -> "path not origin-form from " + describe(input));
            assertTrue(target.pathAndQuery().indexOf('#') < 0, () -> "fragment survived from " + describe(input));
            assertTrue(target.pathAndQuery().chars().allMatch(c -> c > 0x20 && c != 0x7f),
                    () -> "control character or space forwarded in the path from " + describe(input));
        }
    }

    /** The input in a form that shows control and non-ASCII characters. */
    static String describe(String input) {
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return shown.append("'").toString();
    }
}
