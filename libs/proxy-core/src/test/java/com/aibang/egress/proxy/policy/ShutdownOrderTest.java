package com.aibang.egress.proxy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.proxy.ProxyEventLoops;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxyServerOptions;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyShutdown;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proxy stopped through ProxyShutdown, as both tiers stop, with the policy client on the server's own event loops:
 * the reuses it made are reported to the policy-service at the stop, before the loops the client talks on close.
 */
class ShutdownOrderTest {

    /** Only the stop sends a report: the tests never wait for the clock. */
    private static final Duration NEVER = Duration.ofHours(1);

    @Test
    void stoppingReportsTheLastReusesOverTheLoopsBeforeClosingThem() throws Exception {
        try (ReportingPolicyServer policy = new ReportingPolicyServer(ReportingPolicyServer::allowFor60s);
                RecordingUpstream upstream = RecordingUpstream.http()) {
            ProxyEventLoops loops = ProxyEventLoops.create(2);
            ProxyMetrics metrics = ProxyMetrics.inMemory(ProxyTier.EDGE);
            PolicyClient client = PolicyClient.create("edge.policy", new ReuseReportTest.Settings(Duration.ofSeconds(5),
                    true, new ReuseReportTest.Cache(true, 100, new ReuseReportTest.Report(NEVER, 20, 100))),
                    new PolicyClient.Endpoint("127.0.0.1", policy.port(), true), null, loops, metrics, ProxyTier.EDGE,
                    gate -> gate);
            ProxyServer server = new ProxyServer(ProxyServerOptions
                    .builder(ProxySettings.defaults(ProxyTier.EDGE, "127.0.0.1", 0), client.gate())
                    .resolver(TestProxies.LOOPBACK_RESOLVER).identity(SourceIdentityResolver.IP_ONLY)
                    .routes(RouteTable.fixed(new DirectRoute())).metrics(metrics).decisionCache(false, 1)
                    .eventLoops(loops).build());
            int port = server.start().getPort();
            try {
                for (int i = 0; i < 3; i++) {
                    try (RawHttp raw = new RawHttp(port)) {
                        assertEquals(200, raw.send("GET http://allowed.test:" + upstream.port()
                                + "/same HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read().status());
                    }
                }
                assertEquals(1, policy.checks().size(), "asked once, reused twice");
                assertTrue(policy.reports().isEmpty(), "nothing reported before the stop");
            } finally {
                ProxyShutdown.stop(server, client, loops);
            }

            List<ReusedDecision> items = policy.items();
            assertEquals(1, items.size(), "the reuses were reported at the stop");
            assertEquals(2, items.get(0).getCount());
            assertEquals(2, metrics.registry().find(ReuseReporter.REPORTED).counter().count());
            assertNull(server.boundAddress(), "the server stopped");
            assertTrue(loops.group().isTerminated(), "the loops were closed last");
        }
    }
}
