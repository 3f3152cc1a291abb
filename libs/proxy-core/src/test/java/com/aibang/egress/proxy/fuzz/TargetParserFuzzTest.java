package com.aibang.egress.proxy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.proxy.target.InvalidTargetException;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.target.TargetParser;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes request-target parsing (absolute-form of plain requests, authority-form of CONNECT): any input is
 * refused with InvalidTargetException or yields a target whose host is normalised (see
 * {@link TargetInvariants}), whose port is 1..65535, and which parses back to itself from its own
 * canonical form. Any other exception is a bug. The build runs the seeds in TargetParserFuzzTestInputs/
 * (regression mode); JAZZER_FUZZ=1 fuzzes.
 */
class TargetParserFuzzTest {

    // Input bytes become chars one to one (ISO-8859-1), as Netty's HTTP decoder hands the request line to us.
    // No JUnit @Timeout: in fuzzing mode it bounds the whole 60 s run, not one input.
    @FuzzTest(maxDuration = "60s")
    void parseAnyAbsoluteTarget(byte[] input) throws InvalidTargetException {
        String uri = new String(input, StandardCharsets.ISO_8859_1);
        Target target;
        try {
            target = TargetParser.parseAbsolute(uri);
        } catch (InvalidTargetException refused) {
            return;
        }
        TargetInvariants.assertValidTarget(target, uri, false);
        assertEquals(target, TargetParser.parseAbsolute(target.absoluteUri()),
                () -> "canonical form does not parse back to itself for " + TargetInvariants.describe(uri));
    }

    @FuzzTest(maxDuration = "60s")
    void parseAnyConnectTarget(byte[] input) throws InvalidTargetException {
        String authority = new String(input, StandardCharsets.ISO_8859_1);
        Target target;
        try {
            target = TargetParser.parseConnect(authority);
        } catch (InvalidTargetException refused) {
            return;
        }
        TargetInvariants.assertValidTarget(target, authority, true);
        assertEquals(target, TargetParser.parseConnect(target.authority()),
                () -> "canonical form does not parse back to itself for " + TargetInvariants.describe(authority));
    }
}
