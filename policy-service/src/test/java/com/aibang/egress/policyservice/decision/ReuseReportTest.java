package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogVerifier;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.LoggedDecisions;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.EmbeddedEvaluator;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyLoader;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import com.aibang.egress.policyservice.rate.InMemoryRateStore;
import com.aibang.egress.policyservice.rate.RateCounts;
import com.aibang.egress.policyservice.rate.RateKeys;
import com.aibang.egress.policyservice.rate.RateLimitTest;
import com.aibang.egress.policyservice.rate.RateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reuse reports against the real ../policies (with the rate-limit overlay of {@link RateLimitTest}), the in-memory
 * rate store and a real decision log file: reuses count in input.rate, push a caller over its limit, get chained
 * log entries of kind reuse; a tunnel's re-check is logged but not counted again.
 */
class ReuseReportTest {

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("decisions.log");
    }

    /** Runs {@code body} against a service writing to {@link #log()}; the log is flushed when it returns. */
    private void withService(Consumer<DecisionService> body) throws IOException {
        withService(new InMemoryRateStore(), body);
    }

    private void withService(RateStore rates, Consumer<DecisionService> body) throws IOException {
        LoadedPolicy loaded = PolicyLoader.load(List.of(Path.of("../policies"), RateLimitTest.limitsOverlay(dir)));
        try (DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(log()), 100, Duration.ofSeconds(5))) {
            body.accept(new DecisionService(new EmbeddedEvaluator(() -> loaded), "data.egress.decision",
                    "data.system.log.mask", queue, rates,
                    new DecisionMetrics(new SimpleMeterRegistry()), Map.of(), new RecentDecisions(0)));
        }
    }

    private static CheckRequest edge(String requestId, String namespace, String path) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId(requestId)
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace(namespace).setServiceAccount("sa"))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443).setMethod("GET")
                        .setScheme("http").setPath(path))
                .build();
    }

    private static CheckRequest tunnel(String requestId) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EGRESS).setRequestId(requestId)
                .setSource(Source.newBuilder().setIp("10.20.30.40"))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443)
                        .setMethod("CONNECT").setScheme("https"))
                .build();
    }

    private static ReuseReport report(String reportId, CheckResponse decision, CheckRequest request, int count,
            boolean recheck, String... requestIds) {
        return ReuseReport.newBuilder().setReportId(reportId).addItems(ReusedDecision.newBuilder()
                .setDecision(decision).setRequest(request.toBuilder().clearRequestId()).setCount(count)
                .addAllRequestIds(List.of(requestIds)).setRequestIdsOmitted(count - requestIds.length)
                .setFirstUnixMillis(1_700_000_000_000L).setLastUnixMillis(1_700_000_001_000L).setRecheck(recheck))
                .build();
    }

    private Map<?, ?> entry(String decisionId, boolean reuse) throws IOException {
        return LoggedDecisions.read(log()).stream().filter(e -> decisionId.equals(e.get("decision_id"))
                && reuse == "reuse".equals(e.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + (reuse ? "reuse " : "") + "entry for " + decisionId));
    }

    private static long rate(Map<?, ?> entry, String key) {
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) entry.get("input")).get("rate")).get(key)).longValue();
    }

    @Test
    void reusesCountInTheRateLimitsAndEachGetsAChainedReuseEntry() throws IOException {
        String[] ids = new String[2];
        withService(service -> {
            CheckResponse first = service.check(edge("r1", "limited", "/a?token=secret"));
            assertTrue(first.getAllow(), first.toString());
            ids[0] = first.getDecisionId();
            service.recordReuse(report("rep-1", first, edge("", "limited", "/a?token=secret"), 1, false, "r2"))
                    .toCompletableFuture().join();
            ids[1] = service.check(edge("r3", "limited", "/b")).getDecisionId();
        });
        assertEquals(1, rate(entry(ids[0], false), "source_per_minute"));
        // The check after the report counts the reuse too: 1 asked + 1 reused + itself.
        assertEquals(3, rate(entry(ids[1], false), "source_per_minute"));

        Map<?, ?> reuse = entry(ids[0], true);
        assertEquals("edge", reuse.get("tier"));
        assertEquals("decision-cache", reuse.get("decided_by"));
        assertEquals(true, reuse.get("allow"));
        Map<?, ?> input = (Map<?, ?>) reuse.get("input");
        assertEquals("limited", ((Map<?, ?>) input.get("source")).get("namespace"));
        assertEquals("/a?REDACTED", ((Map<?, ?>) input.get("destination")).get("path"), "masked like a decision");
        Map<?, ?> details = (Map<?, ?>) reuse.get("reuse");
        assertEquals(1, ((Number) details.get("count")).intValue());
        assertEquals(List.of("r2"), details.get("request_ids"));
        assertEquals("rep-1", details.get("report_id"));
        assertEquals("2023-11-14T22:13:20Z", details.get("first_reused"));
        assertTrue(DecisionLogVerifier.verify(List.of(log())).intact(), "the reuse entry is part of the hash chain");
    }

    @Test
    void aReportSentAgainWithTheSameIdIsCountedAndLoggedOnce() throws IOException {
        String[] ids = new String[1];
        withService(service -> {
            CheckResponse first = service.check(edge("r1", "limited", "/"));
            assertTrue(first.getAllow(), first.toString());
            // The proxy sends a batch again, same report_id, when the ack did not reach it.
            ReuseReport report = report("rep-again", first, edge("", "limited", "/"), 2, false, "r2", "r3");
            ReuseAck ack = service.recordReuse(report).toCompletableFuture().join();
            ReuseAck repeated = service.recordReuse(report).toCompletableFuture().join();
            assertEquals(1, ack.getAccepted());
            assertEquals(ack, repeated, "the repeat is acknowledged like the first");
            ids[0] = service.check(edge("r4", "limited", "/b")).getDecisionId();
        });
        // 1 asked + 2 reused (counted once) + itself.
        assertEquals(4, rate(entry(ids[0], false), "source_per_minute"));
        assertEquals(1, LoggedDecisions.read(log()).stream().filter(e -> "reuse".equals(e.get("kind"))).count(),
                "one reuse entry for the report");
    }

    @Test
    void aRepeatArrivingWhileTheFirstRecordingFailsFailsTooAndTheNextRepeatRecords() throws Exception {
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch repeatClaimed = new CountDownLatch(1);
        AtomicBoolean unreachable = new AtomicBoolean(true);
        InMemoryRateStore memory = new InMemoryRateStore();
        RateStore flaky = new RateStore() {
            @Override
            public RateCounts hit(RateKeys keys, String id) {
                return memory.hit(keys, id);
            }

            @Override
            public RateCounts peek(RateKeys keys) {
                return memory.peek(keys);
            }

            @Override
            public void add(RateKeys keys, String id, long count) {
                if (unreachable.get()) {
                    inStore.countDown();
                    awaitQuietly(repeatClaimed);
                    throw new IllegalStateException("rate store unreachable");
                }
                memory.add(keys, id, count);
            }

            @Override
            public String name() {
                return "flaky";
            }
        };
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            withService(flaky, service -> {
                CheckResponse decision = service.check(edge("r1", "limited", "/"));
                ReuseReport report = report("rep-flaky", decision, edge("", "limited", "/"), 1, false, "r2");
                Future<?> failing = first.submit(() -> service.recordReuse(report));
                awaitQuietly(inStore);
                // The proxy's deadline passed and it sent the batch again while the first recording still waits.
                CompletableFuture<ReuseAck> repeat = service.recordReuse(report).toCompletableFuture();
                repeatClaimed.countDown();
                ExecutionException firstFailed = assertThrows(ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
                assertEquals("rate store unreachable", firstFailed.getCause().getMessage());
                ExecutionException repeatFailed = assertThrows(ExecutionException.class,
                        () -> repeat.get(30, TimeUnit.SECONDS), "the repeat fails with the first recording");
                assertEquals("rate store unreachable", repeatFailed.getCause().getMessage());
                unreachable.set(false);
                assertEquals(1, service.recordReuse(report).toCompletableFuture().join().getAccepted(),
                        "the next repeat records the report");
            });
        } finally {
            first.shutdownNow();
        }
        assertEquals(1, LoggedDecisions.read(log()).stream().filter(e -> "reuse".equals(e.get("kind"))).count());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void reusesPushACallerOverItsRateLimit() throws IOException {
        withService(service -> {
            CheckResponse first = service.check(edge("r1", "limited", "/"));
            assertTrue(first.getAllow());
            // "limited" may make 3 checks a minute: 1 asked + 3 reused = 4, so the next one is over.
            service.recordReuse(report("rep-2", first, edge("", "limited", "/"), 3, false, "r2", "r3"))
                    .toCompletableFuture().join();
            CheckResponse next = service.check(edge("r5", "limited", "/"));
            assertFalse(next.getAllow(), next.toString());
            assertEquals("edge_rate_limit", next.getRule());
        });
    }

    @Test
    void aTunnelsRecheckIsLoggedButNotCountedAgain() throws IOException {
        String[] ids = new String[3];
        withService(service -> {
            CheckResponse connect = service.check(tunnel("t1"));
            assertTrue(connect.getAllow(), connect.toString());
            CheckRequest recheck = tunnel("t1").toBuilder().setRecheckOf(connect.getDecisionId())
                    .setDestination(tunnel("t1").getDestination().toBuilder().setSni("login.microsoft.com")).build();
            CheckResponse sni = service.check(recheck);
            assertTrue(sni.getAllow(), sni.toString());
            service.recordReuse(report("rep-3", sni, recheck, 4, true, "t2", "t3")).toCompletableFuture().join();
            ids[0] = connect.getDecisionId();
            ids[1] = sni.getDecisionId();
            ids[2] = service.check(tunnel("t4")).getDecisionId();
        });
        assertEquals(1, rate(entry(ids[0], false), "source_per_minute"));
        Map<?, ?> recheckEntry = entry(ids[1], false);
        assertEquals(1, rate(recheckEntry, "source_per_minute"), "the re-check did not count the tunnel again");
        assertEquals(ids[0], ((Map<?, ?>) recheckEntry.get("input")).get("recheck_of"));
        assertEquals(true, ((Map<?, ?>) entry(ids[1], true).get("reuse")).get("recheck"));
        assertEquals(2, rate(entry(ids[2], false), "source_per_minute"), "neither the re-check nor its reuses counted");
        assertTrue(DecisionLogVerifier.verify(List.of(log())).intact());
    }

    @Test
    void anInvalidReportIsRefusedWholeAndNothingIsLogged() throws IOException {
        withService(service -> {
            CheckResponse first = service.check(edge("r1", "limited", "/"));
            ReuseReport valid = report("rep-4", first, edge("", "limited", "/"), 2, false, "r2");
            ReuseReport zero = valid.toBuilder().addItems(valid.getItems(0).toBuilder().setCount(0)).build();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> service.recordReuse(zero));
            assertTrue(refused.getMessage().contains("item 1: count must be at least 1"), refused.getMessage());
            ReuseReport noTier = valid.toBuilder().setItems(0, valid.getItems(0).toBuilder()
                    .setRequest(CheckRequest.getDefaultInstance())).build();
            assertThrows(IllegalArgumentException.class, () -> service.recordReuse(noTier));
            // Not counted either: the second check is the second of the minute.
            CheckResponse second = service.check(edge("r3", "limited", "/"));
            assertTrue(second.getAllow());
        });
        assertEquals(2, LoggedDecisions.read(log()).size(), "only the two checks are logged");
    }
}
