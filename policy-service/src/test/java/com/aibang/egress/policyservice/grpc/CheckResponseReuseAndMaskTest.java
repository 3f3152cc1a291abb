package com.aibang.egress.policyservice.grpc;

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
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CheckResponse cache_ttl_seconds and mask over real gRPC, from a policy written for it (policy.max-cache-ttl=120s). */
@QuarkusTest
@QuarkusTestResource(value = ReuseAndMaskPolicyResource.class, restrictToAnnotatedClass = true)
class CheckResponseReuseAndMaskTest {

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @ConfigProperty(name = "policy.decision-log.file")
    String decisionLog;

    private ManagedChannel channel;
    private PolicyServiceGrpc.PolicyServiceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        stub = PolicyServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private CheckResponse check(String host, String path) {
        Destination.Builder destination = Destination.newBuilder().setHost(host).setPort(443).setMethod("GET");
        if (!path.isEmpty()) {
            destination.setPath(path);
        }
        return stub.check(CheckRequest.newBuilder().setTier(Tier.TIER_EGRESS).setRequestId("reuse-" + host)
                .setSource(Source.newBuilder().setIp("127.0.0.1").setPod("api-1")).setDestination(destination).build());
    }

    @Test
    void cacheTtlIsAnsweredInWholeSecondsUpToTheConfiguredCap() {
        assertEquals(30, check("thirty.test", "").getCacheTtlSeconds());
        assertEquals(2, check("fraction.test", "").getCacheTtlSeconds());
        assertEquals(120, check("huge.test", "").getCacheTtlSeconds());
    }

    @Test
    void absentOrInvalidCacheTtlMeansAskEveryTimeWithoutDenying() {
        for (String host : List.of("other.test", "negative.test", "text.test")) {
            CheckResponse response = check(host, "");
            assertTrue(response.getAllow(), host + ": " + response);
            assertEquals(0, response.getCacheTtlSeconds(), host);
        }
    }

    @Test
    void maskNamesThePathsTheMaskPolicyHidesForThisInput() throws Exception {
        CheckResponse withPath = check("thirty.test", "/callback?code=secret");
        CheckResponse withoutPath = check("thirty.test", "");

        assertEquals(List.of("/input/source/pod", "/input/destination/path"), withPath.getMaskList());
        assertEquals(List.of("/input/source/pod"), withoutPath.getMaskList());
        Map<?, ?> line = LoggedDecisions.await(Path.of(decisionLog), withPath.getDecisionId());
        Map<?, ?> input = (Map<?, ?>) line.get("input");
        assertFalse(((Map<?, ?>) input.get("source")).containsKey("pod"), line.toString());
        assertEquals("/hidden", ((Map<?, ?>) input.get("destination")).get("path"));
    }

    @Test
    void aFailingMaskPolicyHidesTheWholeInputAndResult() throws Exception {
        CheckResponse response = check("bad-mask.test", "/x");

        assertTrue(response.getAllow(), response.toString());
        assertEquals(List.of("/input", "/result"), response.getMaskList());
        Map<?, ?> line = LoggedDecisions.await(Path.of(decisionLog), response.getDecisionId());
        assertFalse(line.containsKey("input"), line.toString());
        assertFalse(line.containsKey("result"), line.toString());
    }
}
