package com.aibang.egress.policyservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.LoggedDecisions;
import com.aibang.egress.rego.bundle.PolicyBundle;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * policy.engine=opa: one packaged instance evaluates nothing itself and asks a second packaged
 * instance over OPA's Data API (no OPA binary is available here; the API is the same).
 */
class OpaEngineIT {

    @TempDir
    Path dir;

    @Test
    void checkIsAnsweredByTheExternalOpaServer() throws Exception {
        Path policies = Path.of("../policies").toAbsolutePath().normalize();
        Path log = dir.resolve("delegating.log");
        try (PackagedJar opa = PackagedJar.start(policies)) {
            opa.awaitServing();
            try (PackagedJar delegating = PackagedJar.start(dir.resolve("no-policies-needed"),
                    "-Dpolicy.engine=opa", "-Dpolicy.opa.url=http://127.0.0.1:" + opa.httpPort,
                    "-Dpolicy.decision-log.file=" + log,
                    // A hang guard only: a cold JVM on a busy machine can take seconds for its first answer.
                    "-Dpolicy.opa.timeout=60s")) {
                delegating.awaitServing();
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", delegating.grpcPort)
                        .usePlaintext().build();
                CheckResponse allowed;
                CheckResponse denied;
                try {
                    var stub = PolicyServiceGrpc.newBlockingStub(channel);
                    allowed = stub.check(edge("login.microsoft.com"));
                    denied = stub.check(edge("example.com"));
                } finally {
                    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                }

                assertTrue(allowed.getAllow(), allowed.toString());
                assertEquals("edge_namespace_allowlist", allowed.getRule());
                assertFalse(denied.getAllow());
                assertEquals("denied: namespace api may not reach example.com:443", denied.getReason());
                // The revision named is the one the OPA server reported (provenance).
                assertEquals(PolicyBundle.load(policies).shortRevision(), allowed.getPolicyRevision());
                Map<?, ?> entry = LoggedDecisions.await(log, allowed.getDecisionId());
                assertEquals("opa", entry.get("decided_by"));
                assertEquals(true, entry.get("allow"));
            }
        }
    }

    private static CheckRequest edge(String host) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId("opa-engine")
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api").setServiceAccount("api"))
                .setDestination(Destination.newBuilder().setHost(host).setPort(443).setMethod("CONNECT"))
                .build();
    }
}
