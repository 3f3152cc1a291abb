package com.aibang.egress.e2e.interop;

import java.nio.file.Path;

/** Where the interop tests find the repository and keep Squid's logs. */
final class InteropSetup {
    private InteropSetup() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path logDir() {
        return repoRoot().resolve("e2e-tests/target/e2e-logs");
    }
}
