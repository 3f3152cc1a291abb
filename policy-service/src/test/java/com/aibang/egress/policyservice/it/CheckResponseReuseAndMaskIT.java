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
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CheckResponse cache_ttl_seconds and mask over real gRPC, answered by the packaged service with a
 * policy written for it: cache_ttl per destination host (valid, fractional, too large, negative,
 * text) with policy.max-cache-ttl=120s, and a mask policy that erases the pod, replaces the path,
 * and answers garbage for one host.
 */
class CheckResponseReuseAndMaskIT {

    private static final String POLICY = """
            package reuse

            import rego.v1

            ttl := {"thirty.test": 30, "huge.test": 86400, "negative.test": -5, "text.test": "60", "fraction.test": 2.7}

            default decision := {"allow": true, "reason": "no cache_ttl"}

            decision := {"allow": true, "reason": "with cache_ttl", "cache_ttl": ttl[input.destination.host]} if {
            	ttl[input.destination.host]
            }

            mask contains "/input/source/pod"

            mask contains {"op": "upsert", "path": "/input/destination/path", "value": "/hidden"} if {
            	input.input.destination.path
            }

            mask contains 42 if input.input.destination.host == "bad-mask.test"
            """;

    @TempDir
    static Path dir;

    private static PackagedJar app;
    private static ManagedChannel channel;
    private static PolicyServiceGrpc.PolicyServiceBlockingStub stub;
    private static Path log;

    @BeforeAll
    static void start() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("reuse.rego"), POLICY);
        log = dir.resolve("decisions.log");
        app = PackagedJar.start(policies, "-Dpolicy.decision-path=data.reuse.decision",
                "-Dpolicy.decision-log.mask-path=data.reuse.mask", "-Dpolicy.max-cache-ttl=120s",
                "-Dpolicy.decision-log.file=" + log, "-Dpolicy.decision-log.stdout=false");
        app.awaitServing();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", app.grpcPort).usePlaintext().build();
        stub = PolicyServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (app != null) {
            app.close();
        }
    }

    private static CheckResponse check(String host, String path) {
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
        Map<?, ?> line = LoggedDecisions.await(log, withPath.getDecisionId());
        Map<?, ?> input = (Map<?, ?>) line.get("input");
        assertFalse(((Map<?, ?>) input.get("source")).containsKey("pod"), line.toString());
        assertEquals("/hidden", ((Map<?, ?>) input.get("destination")).get("path"));
    }

    @Test
    void aFailingMaskPolicyHidesTheWholeInputAndResult() throws Exception {
        CheckResponse response = check("bad-mask.test", "/x");

        assertTrue(response.getAllow(), response.toString());
        assertEquals(List.of("/input", "/result"), response.getMaskList());
        Map<?, ?> line = LoggedDecisions.await(log, response.getDecisionId());
        assertFalse(line.containsKey("input"), line.toString());
        assertFalse(line.containsKey("result"), line.toString());
    }
}
