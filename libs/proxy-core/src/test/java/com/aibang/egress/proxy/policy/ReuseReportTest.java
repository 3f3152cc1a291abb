package com.aibang.egress.proxy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyEventLoops;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.http.TunnelQuery;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reuse reports from a running proxy built with {@link PolicyClient} (its event-loop gRPC client) to a real gRPC
 * policy server on loopback: every reuse arrives, counted, with its request ids, flushed at the latest when the
 * proxy stops; lost reports are counted; a reuse that cannot be reported is not made.
 */
class ReuseReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that only a full batch or the stop sends a report: the tests never wait for the clock. */
    private static final Duration NEVER = Duration.ofHours(1);

    private ReportingPolicyServer policy;
    private RecordingUpstream upstream;
    private ProxyEventLoops loops;
    private ProxyMetrics metrics;
    private PolicyClient client;
    private TestProxies proxy;
    private final List<CheckRequest> tunnelQueries = new CopyOnWriteArrayList<>();

    record Settings(Duration deadline, boolean eventLoopClient, Cache decisionCache) implements PolicyClientSettings {
    }

    record Cache(boolean enabled, int maxEntries, Report report) implements PolicyClientSettings.DecisionCache {
    }

    record Report(Duration interval, int maxRequestIds, int maxPending) implements PolicyClientSettings.ReuseReport {
    }

    @BeforeEach
    void startPolicyAndUpstream() throws Exception {
        policy = new ReportingPolicyServer(ReportingPolicyServer::allowFor60s);
        upstream = RecordingUpstream.http();
        loops = ProxyEventLoops.create(2);
        metrics = ProxyMetrics.inMemory(ProxyTier.EDGE);
    }

    private void startProxy(int maxRequestIds, int maxPending) throws InterruptedException {
        client = PolicyClient.create("edge.policy", new Settings(Duration.ofSeconds(5), true,
                new Cache(true, 100, new Report(NEVER, maxRequestIds, maxPending))),
                new PolicyClient.Endpoint("127.0.0.1", policy.port(), true),
                null, loops, metrics, ProxyTier.EDGE, gate -> gate);
        proxy = new TestProxies(ProxyTier.EDGE, policy.port(), Duration.ofSeconds(10), grpc -> client.gate(),
                (grpc, options) -> options.identity(SourceIdentityResolver.IP_ONLY)
                        .routes(RouteTable.fixed(new DirectRoute())).metrics(metrics).decisionCache(false, 1)
                        .inspector((target, entry) -> new ChannelHandlerAdapter() {
                            @Override
                            public void handlerAdded(ChannelHandlerContext ctx) {
                                tunnelQueries.add(TunnelQuery.of(ctx.channel()));
                                ctx.pipeline().remove(this);
                            }
                        }));
    }

    /** Stops like the apps do: the server first, then the policy client (which sends what is pending). */
    private void stopProxy() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        stopProxy();
        loops.close();
        upstream.close();
        policy.close();
    }

    private int get(String path) throws Exception {
        try (RawHttp raw = new RawHttp("127.0.0.2", proxy.port())) {
            return raw.send("GET http://allowed.test:" + upstream.port() + path + " HTTP/1.1\r\nHost: allowed.test\r\n\r\n")
                    .read().status();
        }
    }

    private double meter(String name, String... tags) {
        var search = metrics.registry().find(name).tags(tags);
        return search.counter() != null ? search.counter().count() : search.gauge().value();
    }

    @Test
    void everyReuseIsReportedWithItsRequestIdsWhenTheProxyStops() throws Exception {
        startProxy(20, 100);
        List<String> reusedRequestIds;
        try (AccessLogCapture log = new AccessLogCapture()) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, get("/same"));
            }
            reusedRequestIds = log.lines().stream().map(ReuseReportTest::json)
                    .filter(line -> AccessLog.DECIDED_BY_DECISION_CACHE.equals(line.path(AccessLog.FIELD_DECIDED_BY).asText()))
                    .map(line -> line.get(AccessLog.FIELD_REQUEST_ID).asText()).toList();
        }
        assertEquals(1, policy.checks().size(), "asked once, reused five times");
        assertEquals(5, reusedRequestIds.size());
        assertEquals(0, policy.reports().size(), "nothing sent before the interval, a full batch or the stop");
        assertEquals(1, meter(ReuseReporter.PENDING, "tier", "edge"));

        stopProxy();

        List<ReusedDecision> items = policy.items();
        assertEquals(1, items.size());
        ReusedDecision item = items.get(0);
        assertEquals("d-" + policy.checks().get(0).getRequestId(), item.getDecision().getDecisionId());
        assertEquals(5, item.getCount());
        assertEquals(reusedRequestIds, item.getRequestIdsList());
        assertEquals(Tier.TIER_EDGE, item.getRequest().getTier());
        assertEquals("127.0.0.2", item.getRequest().getSource().getIp());
        assertEquals("allowed.test", item.getRequest().getDestination().getHost());
        assertEquals("/same", item.getRequest().getDestination().getPath());
        assertEquals("", item.getRequest().getRequestId(), "the request ids are listed, not in the key");
        assertTrue(item.getFirstUnixMillis() > 0 && item.getLastUnixMillis() >= item.getFirstUnixMillis());
        assertEquals(5, meter(ReuseReporter.REPORTED, "tier", "edge"));
        assertEquals(0, meter(ReuseReporter.PENDING, "tier", "edge"));
    }

    @Test
    void requestIdsBeyondTheLimitAreCountedNotListed() throws Exception {
        startProxy(2, 100);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/limit"));
        }
        stopProxy();
        ReusedDecision item = policy.items().get(0);
        assertEquals(4, item.getCount());
        assertEquals(2, item.getRequestIdsCount());
        assertEquals(2, item.getRequestIdsOmitted());
    }

    @Test
    void reportsTheServiceKeepsFailingAreDroppedAfterTheLastAttemptAndCounted() throws Exception {
        startProxy(20, 100);
        policy.refuseReports(Status.UNAVAILABLE.withDescription("test outage"));
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("/outage"));
        }
        stopProxy();
        assertEquals(ReuseReporter.Settings.defaults().attempts(), policy.reports().size(), "sent again until the last attempt");
        assertEquals(1, policy.reports().stream().map(report -> report.getReportId()).distinct().count(),
                "a batch sent again keeps its id");
        assertEquals(3, meter(ReuseReporter.DROPPED, "tier", "edge", "reason", ReuseReporter.DROPPED_FAILED));
        assertEquals(0, meter(ReuseReporter.REPORTED, "tier", "edge"));
    }

    @Test
    void aReportTheServiceRefusesAsInvalidIsDroppedAtOnce() throws Exception {
        startProxy(20, 100);
        policy.refuseReports(Status.INVALID_ARGUMENT.withDescription("test refusal"));
        assertEquals(200, get("/invalid"));
        assertEquals(200, get("/invalid"));
        stopProxy();
        assertEquals(1, policy.reports().size());
        assertEquals(1, meter(ReuseReporter.DROPPED, "tier", "edge", "reason", ReuseReporter.DROPPED_REJECTED));
    }

    @Test
    void whenTooManyReusesAwaitTheirReportTheProxyAsksInstead() throws Exception {
        startProxy(20, 1);
        assertEquals(200, get("/a"));
        assertEquals(200, get("/a"));
        assertEquals(200, get("/b"));
        assertEquals(200, get("/b"));
        long askedForB = policy.checks().stream().filter(c -> c.getDestination().getPath().equals("/b")).count();
        assertEquals(2, askedForB, "the second /b could not be recorded (one pending already), so it was asked");
        assertEquals(1, meter(ReuseReporter.DECLINED, "tier", "edge"));
        stopProxy();
        assertEquals(1, policy.items().size());
        assertEquals("/a", policy.items().get(0).getRequest().getDestination().getPath());
    }

    @Test
    void aTunnelsQueryForItsRecheckNamesTheDecisionThatAllowedIt() throws Exception {
        startProxy(20, 100);
        try (RawHttp raw = new RawHttp("127.0.0.2", proxy.port())) {
            assertEquals(200, raw.send("CONNECT allowed.test:" + upstream.port() + " HTTP/1.1\r\n\r\n").read().status());
            // Bytes through the tunnel pass the inspector: once answered, it has seen the tunnel's query.
            assertEquals(200, raw.send("GET /through HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read().status());
        }
        CheckRequest asked = policy.checks().get(0);
        assertEquals(1, tunnelQueries.size());
        assertEquals("d-" + asked.getRequestId(), tunnelQueries.get(0).getRecheckOf());
        assertEquals("", asked.getRecheckOf(), "the CONNECT check itself is no re-check");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("access line is not JSON: " + line, e);
        }
    }
}
