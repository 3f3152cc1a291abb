package com.aibang.egress.proxy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.ProxyEventLoops;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyTier;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The factory both tiers build their policy client with: checks naming the property, and the gate chain. */
class PolicyClientTest {

    private static final ReuseReportTest.Report REPORT = new ReuseReportTest.Report(Duration.ofSeconds(1), 20, 100);

    private static ReuseReportTest.Settings settings(Duration deadline, boolean cacheEnabled, int maxEntries,
            ReuseReportTest.Report report) {
        return new ReuseReportTest.Settings(deadline, true, new ReuseReportTest.Cache(cacheEnabled, maxEntries, report));
    }

    private static PolicyClient create(boolean cacheEnabled, ProxyEventLoops loops, int port, boolean plainText,
            ManagedChannel channel) {
        return PolicyClient.create("egress.policy", settings(Duration.ofSeconds(5), cacheEnabled, 10, REPORT),
                new PolicyClient.Endpoint("127.0.0.1", port, plainText), channel, loops,
                ProxyMetrics.inMemory(ProxyTier.EGRESS), ProxyTier.EGRESS, gate -> gate);
    }

    @Test
    void badSettingsAreRefusedNamingTheProperty() {
        IllegalArgumentException deadline = assertThrows(IllegalArgumentException.class, () -> PolicyClient.validate(
                "egress.policy", settings(Duration.ZERO, true, 1, REPORT)));
        assertTrue(deadline.getMessage().startsWith("egress.policy.deadline must be positive"), deadline.getMessage());
        IllegalArgumentException entries = assertThrows(IllegalArgumentException.class, () -> PolicyClient.validate(
                "egress.policy", settings(Duration.ofSeconds(5), true, 0, REPORT)));
        assertTrue(entries.getMessage().startsWith("egress.policy.decision-cache.max-entries must be at least 1"),
                entries.getMessage());
        IllegalArgumentException pending = assertThrows(IllegalArgumentException.class, () -> PolicyClient.validate(
                "egress.policy",
                settings(Duration.ofSeconds(5), true, 1, new ReuseReportTest.Report(Duration.ofSeconds(1), 20, 0))));
        assertTrue(pending.getMessage().startsWith("egress.policy.decision-cache.report: report max pending"),
                pending.getMessage());
    }

    @Test
    void theDecisionCacheWithItsReporterSitsInFrontOnlyWhenEnabled() throws Exception {
        try (ReportingPolicyServer policy = new ReportingPolicyServer(ReportingPolicyServer::allowFor60s);
                ProxyEventLoops loops = ProxyEventLoops.create(1)) {
            try (PolicyClient cached = create(true, loops, policy.port(), true, null)) {
                assertInstanceOf(CachingPolicyGate.class, cached.gate());
                assertTrue(cached.reporter() != null);
                CheckRequest request = CheckRequest.newBuilder().setRequestId("r1").build();
                assertTrue(cached.gate().check(request).get(10, TimeUnit.SECONDS).getAllow());
            }
            try (PolicyClient uncached = create(false, loops, policy.port(), true, null)) {
                assertInstanceOf(GrpcPolicyGate.class, uncached.gate());
                assertNull(uncached.reporter());
            }
            assertEquals(1, policy.checks().size());
        }
    }

    @Test
    void withoutPlainTextTheGivenChannelIsUsed() throws Exception {
        try (ReportingPolicyServer policy = new ReportingPolicyServer(ReportingPolicyServer::allowFor60s);
                ProxyEventLoops loops = ProxyEventLoops.create(1)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", policy.port()).usePlaintext().build();
            try (PolicyClient client = create(false, loops, 1, false, channel)) {
                // Port 1 is never dialled: the endpoint is only for the event-loop client.
                assertTrue(client.gate().check(CheckRequest.newBuilder().setRequestId("r2").build())
                        .get(10, TimeUnit.SECONDS).getAllow());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
