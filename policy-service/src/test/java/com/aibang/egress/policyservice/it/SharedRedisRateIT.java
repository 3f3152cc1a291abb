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
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two packaged policy-service processes count against one real redis-server: the limit holds across replicas. */
class SharedRedisRateIT {

    @TempDir
    Path dir;

    @Test
    void twoInstancesShareTheRateCounters() throws Exception {
        try (RedisServer redis = RedisServer.start();
                PackagedJar a = redis.startService(dir.resolve("a"), "-Dquarkus.redis.timeout=2s");
                PackagedJar b = redis.startService(dir.resolve("b"))) {
            ManagedChannel toA = a.channel();
            ManagedChannel toB = b.channel();
            try {
                var stubA = PolicyServiceGrpc.newBlockingStub(toA);
                var stubB = PolicyServiceGrpc.newBlockingStub(toB);
                assertTrue(stubA.check(edge()).getAllow());
                assertTrue(stubB.check(edge()).getAllow());
                assertTrue(stubA.check(edge()).getAllow());
                // Fourth check of the minute, counted over both instances: denied by the one that did not see 3.
                CheckResponse fourth = stubB.check(edge());

                assertFalse(fourth.getAllow(), fourth.toString());
                assertEquals("edge_rate_limit", fourth.getRule());
                assertEquals(429, fourth.getStatus());
                assertEquals(60, fourth.getRetryAfterSeconds());

                // Without its counters the service cannot apply the limit: it denies (fail closed).
                redis.close();
                CheckResponse withoutRedis = stubA.check(edge());
                assertFalse(withoutRedis.getAllow(), withoutRedis.toString());
                assertTrue(withoutRedis.getReason().startsWith("rate store redis unavailable"), withoutRedis.getReason());
            } finally {
                toA.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                toB.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static CheckRequest edge() {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId("shared")
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("limited").setServiceAccount("api"))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443).setMethod("CONNECT"))
                .build();
    }
}
