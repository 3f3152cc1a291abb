package com.aibang.egress.egress;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts a policy-service double (real gRPC on loopback), a real origin, and a hosts file naming it. */
public class PolicyAndHostsResource implements QuarkusTestResourceLifecycleManager {

    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    private Path hostsFile;

    @Override
    public Map<String, String> start() {
        try {
            // The origin listens on loopback, which tier 2's SSRF guard refuses unless the policy says internal.
            // Decisions about paths starting with /reused may be reused for a minute (cache_ttl).
            policy = new PolicyServerDouble(request -> PolicyServerDouble.defaultRules(request).toBuilder()
                    .setInternal(request.getDestination().getHost().startsWith("allowed"))
                    .setCacheTtlSeconds(request.getDestination().getPath().startsWith("/reused") ? 60 : 0)
                    .build()).start();
            upstream = RecordingUpstream.http();
            hostsFile = Files.createTempFile("egress-hosts", ".txt");
            Files.writeString(hostsFile, "# test names\n127.0.0.1 allowed.test denied.test ssrf.test\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test doubles", e);
        }
        return Map.of(
                "quarkus.grpc.clients.policy.host", "127.0.0.1",
                // In test mode Quarkus uses test-port instead of port.
                "quarkus.grpc.clients.policy.test-port", Integer.toString(policy.port()),
                "quarkus.grpc.clients.policy.port", Integer.toString(policy.port()),
                "egress.listen.host", "127.0.0.1",
                "egress.listen.port", "0",
                // 127.0.0.2 and above are sources outside the allowed ranges.
                "egress.allowed-source-cidrs", "127.0.0.1/32",
                "egress.hosts-file", hostsFile.toString());
    }

    @Override
    public void stop() {
        upstream.close();
        try {
            policy.close();
            Files.deleteIfExists(hostsFile);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop test doubles", e);
        }
    }
}
