package com.aibang.egress.edge;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Starts a policy-service double (real gRPC on loopback) and a recording HTTP server standing in as parent. */
public class PolicyAndParentResource implements QuarkusTestResourceLifecycleManager {

    static PolicyServerDouble policy;
    static RecordingUpstream parent;

    @Override
    public Map<String, String> start() {
        try {
            policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
            parent = RecordingUpstream.http();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test doubles", e);
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.grpc.clients.policy.host", "127.0.0.1",
                // In test mode Quarkus uses test-port instead of port.
                "quarkus.grpc.clients.policy.test-port", Integer.toString(policy.port()),
                "quarkus.grpc.clients.policy.port", Integer.toString(policy.port())));
        config.putAll(Map.of(
                "edge.listen.host", "127.0.0.1",
                "edge.listen.port", "0",
                "edge.parent.host", "127.0.0.1",
                "edge.parent.port", Integer.toString(parent.port()),
                "edge.identities.\"127.0.0.0/8\".namespace", "loopback",
                "edge.identities.\"127.0.0.2/32\".namespace", "payments",
                "edge.identities.\"127.0.0.2/32\".service-account", "api",
                "edge.identities.\"127.0.0.2/32\".labels.app", "api"));
        return config;
    }

    @Override
    public void stop() {
        parent.close();
        try {
            policy.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
