package com.aibang.egress.policyservice.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.decision.DecisionService;
import com.aibang.egress.policyservice.decision.RecentDecisions;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.EmbeddedEvaluator;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyLoader;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ../policies with a rate-limit overlay directory (data layered on top, like a second
 * ConfigMap), the in-memory store and a real decision log.
 */
public class RateLimitTest {

    @TempDir
    Path dir;

    /**
     * Overlay adding two namespaces (layered data may add keys, never redefine them): "limited" may
     * make 3 checks a minute (enforced), "trial" 2 (report only); both may reach login.microsoft.com.
     */
    public static Path limitsOverlay(Path dir) throws IOException {
        Path overlay = dir.resolve("overlay");
        Files.createDirectories(overlay.resolve("limits"));
        Files.createDirectories(overlay.resolve("allowlists"));
        Files.writeString(overlay.resolve("limits/data.yaml"), """
                rate:
                  namespaces:
                    limited:
                      source_per_minute: 3
                      source_destination_per_minute: 3
                    trial:
                      source_per_minute: 2
                      source_destination_per_minute: 2
                      mode: report
                """);
        Files.writeString(overlay.resolve("allowlists/data.yaml"), """
                namespaces:
                  limited:
                    destinations:
                      - host: login.microsoft.com
                        ports: [443]
                  trial:
                    destinations:
                      - host: login.microsoft.com
                        ports: [443]
                """);
        return overlay;
    }

    static CheckRequest edge(String namespace, String host) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId("rate")
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace(namespace).setServiceAccount("sa"))
                .setDestination(Destination.newBuilder().setHost(host).setPort(443).setMethod("CONNECT"))
                .build();
    }

    private DecisionService service(RateStore store, DecisionLogQueue queue) throws IOException {
        LoadedPolicy loaded = PolicyLoader.load(List.of(Path.of("../policies"), limitsOverlay(dir)));
        return new DecisionService(new EmbeddedEvaluator(() -> loaded), "data.egress.decision", "", queue, store,
                new DecisionMetrics(new SimpleMeterRegistry()), Map.of(), new RecentDecisions(0));
    }

    @Test
    void deniesWith429AfterTheConfiguredCount() throws IOException {
        try (DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(dir.resolve("d.log")), 100,
                Duration.ofSeconds(5))) {
            DecisionService service = service(new InMemoryRateStore(), queue);
            for (int i = 1; i <= 3; i++) {
                CheckResponse response = service.check(edge("limited", "login.microsoft.com"));
                assertTrue(response.getAllow(), "check " + i + ": " + response);
            }
            CheckResponse fourth = service.check(edge("limited", "login.microsoft.com"));

            assertFalse(fourth.getAllow());
            assertEquals("edge_rate_limit", fourth.getRule());
            assertEquals(429, fourth.getStatus());
            assertEquals(60, fourth.getRetryAfterSeconds());
            assertEquals("enforce", fourth.getMode());
            assertTrue(fourth.getReason().contains("4 checks/min"), fourth.getReason());
        }
    }

    @Test
    void reportModeLetsThroughAndSaysWhatWouldBeDenied() throws IOException {
        try (DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(dir.resolve("d.log")), 100,
                Duration.ofSeconds(5))) {
            DecisionService service = service(new InMemoryRateStore(), queue);
            service.check(edge("trial", "login.microsoft.com"));
            service.check(edge("trial", "login.microsoft.com"));
            CheckResponse third = service.check(edge("trial", "login.microsoft.com"));

            // The proxies let a report-mode deny through to the route, logging it as deny-report.
            assertFalse(third.getAllow());
            assertEquals("report", third.getMode());
            assertEquals("default", third.getRoute());
            assertEquals("edge_rate_limit", third.getRule());
        }
    }

    @Test
    void windowSlidesAndCountsPerDestination() {
        AtomicLong now = new AtomicLong(1_000_000);
        InMemoryRateStore store = new InMemoryRateStore(now::get);
        RateKeys a = RateKeys.of(Map.of("tier", "edge", "source", Map.of("namespace", "ns", "service_account", "sa"),
                "destination", Map.of("host", "a.example", "port", 443)));
        RateKeys b = RateKeys.of(Map.of("tier", "edge", "source", Map.of("namespace", "ns", "service_account", "sa"),
                "destination", Map.of("host", "b.example", "port", 443)));

        assertEquals(new RateCounts(1, 1), store.hit(a, "1"));
        now.addAndGet(30_000);
        assertEquals(new RateCounts(2, 1), store.hit(b, "2"));
        now.addAndGet(31_000);
        // The first check is now more than a minute old.
        assertEquals(new RateCounts(2, 1), store.hit(a, "3"));
        assertEquals("edge|ns/ns/sa/sa", a.source());
        assertEquals("edge|ns/ns/sa/sa|a.example:443", a.sourceDestination());
    }

    @Test
    void windowKeepsExactlyTheLastSixtyOneSecondBuckets() {
        AtomicLong now = new AtomicLong(5_000_000);
        InMemoryRateStore store = new InMemoryRateStore(now::get);
        RateKeys key = RateKeys.of(Map.of("tier", "egress", "source", Map.of("ip", "10.0.0.1"),
                "destination", Map.of("host", "a.example", "port", 443)));

        store.hit(key, "1");
        store.hit(key, "2");
        now.addAndGet(59_000);
        assertEquals(3, store.hit(key, "3").sourcePerMinute());
        now.addAndGet(1_000);
        // The two hits of the first second have left the window, the one of second 59 has not.
        assertEquals(2, store.hit(key, "4").sourcePerMinute());
        now.addAndGet(-500);
        // A hit stamped slightly earlier (another thread read the clock first) still counts.
        assertEquals(3, store.hit(key, "5").sourcePerMinute());
        now.addAndGet(3_600_000);
        assertEquals(1, store.hit(key, "6").sourcePerMinute());
    }
}
