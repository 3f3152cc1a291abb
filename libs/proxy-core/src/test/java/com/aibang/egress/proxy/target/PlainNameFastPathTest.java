package com.aibang.egress.proxy.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut for plain names gives the full normaliser's answer, and leaves everything unusual to it. */
class PlainNameFastPathTest {

    private static final String ALPHABET = "abcXYZ0189-._:%xX";

    @Test
    void commonNamesTakeTheShortcut() throws InvalidTargetException {
        for (String host : new String[] {"example.com", "Origin.Bench.TEST", "a", "a-b.c-d.e1", "xn--bcher-kva.example",
            "1.2.3.example", "api.0x.io", "s3.eu-west-1.amazonaws.com"}) {
            assertEquals(HostNormalizer.normalize(host), HostNormalizer.plainName(host), host);
        }
    }

    @Test
    void unusualNamesAreLeftToTheFullPath() {
        for (String host : new String[] {"", "example.com.", ".example.com", "a..b", "-a.com", "a-.com", "a_b.com",
            "10.0.0.1", "1.2.3.4", "example.123", "example.0x7f", "example.0XAB", "host:80", "ex%61mple.com",
            "é.com", "a".repeat(64) + ".com", ("a".repeat(62) + ".").repeat(4) + "com"}) {
            assertNull(HostNormalizer.plainName(host), host);
        }
    }

    @Test
    void randomHostsAgreeWithTheFullPath() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder host = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                host.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String candidate = host.toString();
            String fast = HostNormalizer.plainName(candidate);
            if (fast == null) {
                continue;
            }
            String full;
            try {
                full = HostNormalizer.normalize(candidate);
            } catch (InvalidTargetException e) {
                full = "rejected: " + e.getMessage();
            }
            assertEquals(full, fast, candidate);
        }
    }
}
