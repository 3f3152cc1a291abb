package com.aibang.egress.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The tier-2 VM's systemd unit passes `systemd-analyze verify`, and its environment file is complete. */
class SystemdUnitTest {

    private static final String SYSTEMD_ANALYZE = "systemd-analyze";
    private static final Path GCE = Path.of("k8s", "gce");
    private static final String UNIT = "egress-proxy.service";

    @Test
    void unitPassesSystemdAnalyzeVerify() throws IOException {
        Assumptions.assumeTrue(ExternalCommand.available(SYSTEMD_ANALYZE, "--version"),
                SYSTEMD_ANALYZE + " is not installed: install the systemd package to verify k8s/gce/" + UNIT);
        Path unit = RepoRoot.get().resolve(GCE).resolve(UNIT);
        ExternalCommand.Result result = ExternalCommand.run(RepoRoot.get(), List.of(SYSTEMD_ANALYZE, "verify", unit.toString()));
        // verify exits 0 on unknown keys and only prints them, so any remark about our unit fails too.
        String remarks = (result.stdout() + result.stderr()).lines()
                .filter(line -> line.contains(UNIT)).collect(Collectors.joining("\n"));
        assertEquals(0, result.exitCode(), "systemd-analyze verify failed:\n" + result.stdout() + result.stderr());
        assertTrue(remarks.isEmpty(), "systemd-analyze verify remarks:\n" + remarks);
    }

    @Test
    void environmentFileConfiguresListenerPolicyServiceAndManagementPort() throws IOException {
        Properties env = new Properties();
        try (var in = Files.newBufferedReader(RepoRoot.get().resolve(GCE).resolve("egress-proxy.env"))) {
            env.load(in);
        }
        Map<String, String> expected = Map.of("EGRESS_LISTEN_PORT", "3128", "QUARKUS_GRPC_CLIENTS_POLICY_PORT", "9191");
        expected.forEach((name, value) -> assertEquals(value, env.getProperty(name), name));
        for (String name : List.of("QUARKUS_GRPC_CLIENTS_POLICY_HOST", "QUARKUS_HTTP_PORT")) {
            assertTrue(env.getProperty(name) != null && !env.getProperty(name).isBlank(), name + " must be set");
        }
    }
}
