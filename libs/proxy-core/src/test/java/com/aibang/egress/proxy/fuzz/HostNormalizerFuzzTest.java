package com.aibang.egress.proxy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.proxy.target.HostNormalizer;
import com.aibang.egress.proxy.target.InvalidTargetException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Fuzzes host normalisation: any input is either refused with InvalidTargetException or becomes a host made
 * only of allowed characters (no '@', '#', '/', '%', space, control or non-ASCII), stable under normalising
 * again and under the case and trailing-dot variations policies must not tell apart. Any other exception is
 * a bug. The build runs the seeds in HostNormalizerFuzzTestInputs/ (regression mode); JAZZER_FUZZ=1 fuzzes.
 */
class HostNormalizerFuzzTest {

    // Input bytes become chars one to one (ISO-8859-1), as Netty's HTTP decoder hands the request line to us.
    // No JUnit @Timeout: in fuzzing mode it bounds the whole 60 s run, not one input.
    @FuzzTest(maxDuration = "60s")
    void normaliseAnyHost(byte[] input) throws InvalidTargetException {
        String raw = new String(input, StandardCharsets.ISO_8859_1);
        String host;
        try {
            host = HostNormalizer.normalize(raw);
        } catch (InvalidTargetException refused) {
            return;
        }
        TargetInvariants.assertNormalisedHost(host, raw);
        // Names only: an IP literal with a trailing dot is a name that looks like an IP, refused on purpose.
        if (host.indexOf(':') < 0 && !NetUtil.isValidIpV4Address(host)) {
            assertEquals(host, HostNormalizer.normalize(host.toUpperCase(Locale.ROOT) + "."),
                    () -> "upper case + trailing dot normalise differently for " + TargetInvariants.describe(raw));
        }
    }
}
