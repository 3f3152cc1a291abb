package com.aibang.egress.e2e.interop;

import com.aibang.egress.e2e.Curl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Where the interop tests find the repository and keep Squid's logs, and how they wait for a cold chain. */
final class InteropSetup {
    /** Policy deadline for our tiers: a machine busy with a whole build answers the first checks slowly. */
    static final String PATIENT_DEADLINE = "10s";
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private InteropSetup() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path logDir() {
        return repoRoot().resolve("e2e-tests/target/e2e-logs");
    }

    /** GETs {@code url} through the proxy from {@code sourceIp} until it is served (200). */
    static void awaitServed(String sourceIp, int proxyPort, String url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        Curl.Result last;
        do {
            last = Curl.get(sourceIp, proxyPort, url, null);
            if (last.httpStatus() == 200) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not served within " + READY_WAIT + ": " + url + "\n" + last.verbose());
    }
}
