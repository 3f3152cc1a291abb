package com.aibang.egress.e2e.interop;

import com.aibang.egress.e2e.Chain;
import java.nio.file.Path;

/** Where the interop tests find the repository and keep Squid's logs, and the patience they give a cold chain. */
final class InteropSetup {
    /** Policy deadline for our tiers: a machine busy with a whole build answers the first checks slowly. */
    static final String PATIENT_DEADLINE = "10s";

    private InteropSetup() {
    }

    static Path repoRoot() {
        return Chain.repoRoot();
    }

    static Path logDir() {
        return repoRoot().resolve("e2e-tests/target/e2e-logs");
    }
}
