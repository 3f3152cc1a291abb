package com.aibang.egress.policyservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service with the Redis rate store (a real redis-server): reported reuses are added to the shared
 * counters, a tunnel's re-check only reads them, and the limit ("limited": 3 a minute) bites on the reuses.
 */
class RedisReuseCountIT {

    @TempDir
    Path dir;

    @Test
    void reusesCountAndRechecksDoNotInTheSharedCounters() throws Exception {
        try (RedisServer redis = RedisServer.start(); PackagedJar service = redis.startService(dir)) {
            ManagedChannel channel = service.channel();
            try {
                var stub = PolicyServiceGrpc.newBlockingStub(channel);
                CheckResponse first = stub.check(edge("q1", ""));
                assertTrue(first.getAllow(), first.toString());
                assertTrue(stub.check(edge("q1", first.getDecisionId())).getAllow(), "re-check: still 1 counted");
                stub.reportReuse(ReuseReport.newBuilder().setReportId("redis-1").addItems(ReusedDecision.newBuilder()
                        .setDecision(first).setRequest(edge("", "")).setCount(2)).build());
                assertTrue(stub.check(edge("q4", first.getDecisionId())).getAllow(), "re-check: 3 counted, not 4");
                CheckResponse fourth = stub.check(edge("q4", ""));
                assertFalse(fourth.getAllow(), fourth.toString());
                assertEquals("edge_rate_limit", fourth.getRule());
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static CheckRequest edge(String requestId, String recheckOf) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId(requestId).setRecheckOf(recheckOf)
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("limited").setServiceAccount("api"))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443).setMethod("CONNECT"))
                .build();
    }
}
