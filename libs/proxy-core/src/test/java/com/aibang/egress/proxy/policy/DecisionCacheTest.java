package com.aibang.egress.proxy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyTier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The decision store on its own: key, time-to-live, bound; and what the caching gate stores. */
class DecisionCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private static CheckRequest request(String requestId, String host, String path) {
        return CheckRequest.newBuilder().setRequestId(requestId)
                .setSource(Source.newBuilder().setIp("10.0.0.1").setNamespace("payments"))
                .setDestination(Destination.newBuilder().setHost(host).setPort(80).setMethod("GET").setScheme("http")
                        .setPath(path))
                .build();
    }

    private static CheckResponse allow(String decisionId, int ttlSeconds) {
        return CheckResponse.newBuilder().setAllow(true).setDecisionId(decisionId).setCacheTtlSeconds(ttlSeconds).build();
    }

    @Test
    void theRequestIdIsNotPartOfTheKeyButEverythingElseIs() {
        DecisionCache cache = new DecisionCache(10, now::get);
        cache.store(DecisionCache.keyOf(request("r1", "a.test", "/x")), allow("d1", 5));
        assertEquals("d1", cache.lookup(DecisionCache.keyOf(request("r2", "a.test", "/x"))).getDecisionId());
        assertNull(cache.lookup(DecisionCache.keyOf(request("r3", "a.test", "/y"))), "other path");
        assertNull(cache.lookup(DecisionCache.keyOf(request("r4", "b.test", "/x"))), "other host");
    }

    @Test
    void aDecisionLivesExactlyItsTimeToLive() {
        DecisionCache cache = new DecisionCache(10, now::get);
        CheckRequest key = DecisionCache.keyOf(request("r1", "a.test", "/"));
        cache.store(key, allow("d1", 2));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2) - 1);
        assertNull(cache.lookup(key), "the first caller near the end of the life is sent to refresh it");
        assertEquals("d1", cache.lookup(key).getDecisionId(), "everyone else reuses it until it expires");
        now.addAndGet(1);
        assertNull(cache.lookup(key));
        assertEquals(0, cache.size(), "an expired decision is dropped when found");
    }

    @Test
    void exactlyOneCallerRefreshesADecisionAheadOfExpiryAndItsAnswerReplacesIt() {
        DecisionCache cache = new DecisionCache(10, now::get);
        CheckRequest key = DecisionCache.keyOf(request("r1", "a.test", "/"));
        cache.store(key, allow("d1", 5));
        now.addAndGet(TimeUnit.SECONDS.toNanos(4) - 1);
        assertEquals("d1", cache.lookup(key).getDecisionId(), "before the last fifth: plain reuse");
        now.addAndGet(1);
        int sentToAsk = 0;
        for (int i = 0; i < 32; i++) {
            if (cache.lookup(key) == null) {
                sentToAsk++;
            }
        }
        assertEquals(1, sentToAsk, "one of 32 identical callers asks; 31 reuse the still-valid decision");
        cache.store(key, allow("d2", 5));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals("d2", cache.lookup(key).getDecisionId(), "the refreshed decision lives its own time-to-live");
    }

    @Test
    void aDecisionWithoutTimeToLiveIsNotStored() {
        DecisionCache cache = new DecisionCache(10, now::get);
        CheckRequest key = DecisionCache.keyOf(request("r1", "a.test", "/"));
        cache.store(key, allow("d1", 0));
        assertNull(cache.lookup(key));
    }

    @Test
    void anAnswerWithoutTimeToLiveEndsTheReuseOfTheStoredOne() {
        DecisionCache cache = new DecisionCache(10, now::get);
        CheckRequest key = DecisionCache.keyOf(request("r1", "a.test", "/"));
        cache.store(key, allow("d1", 60));
        // e.g. the caller neared its rate limit: the policy answered without cache_ttl (or denied).
        cache.store(key, allow("d2", 0));
        assertNull(cache.lookup(key));
    }

    @Test
    void aRecheckSharesTheKeyOfTheSameQuery() {
        CheckRequest plain = request("r1", "a.test", "/");
        CheckRequest recheck = plain.toBuilder().setRequestId("r2").setRecheckOf("d-connect").build();
        assertEquals(DecisionCache.keyOf(plain), DecisionCache.keyOf(recheck));
    }

    @Test
    void theOldestDecisionsMakeRoomWhenFull() {
        DecisionCache cache = new DecisionCache(3, now::get);
        for (int i = 0; i < 5; i++) {
            cache.store(DecisionCache.keyOf(request("r", "h" + i + ".test", "/")), allow("d" + i, 60));
        }
        assertEquals(3, cache.size());
        assertNull(cache.lookup(DecisionCache.keyOf(request("r", "h0.test", "/"))));
        assertNull(cache.lookup(DecisionCache.keyOf(request("r", "h1.test", "/"))));
        assertEquals("d4", cache.lookup(DecisionCache.keyOf(request("r", "h4.test", "/"))).getDecisionId());
    }

    @Test
    void storingOneKeyOverAndOverKeepsOneEntry() {
        DecisionCache cache = new DecisionCache(2, now::get);
        CheckRequest key = DecisionCache.keyOf(request("r", "a.test", "/"));
        for (int i = 0; i < 100; i++) {
            cache.store(key, allow("d" + i, 60));
        }
        assertEquals(1, cache.size());
        assertEquals("d99", cache.lookup(key).getDecisionId());
    }

    @Test
    void badSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DecisionCache(0, now::get));
    }

    @Test
    void failuresAndDegradedReusesAreNeverStored() {
        AtomicInteger asked = new AtomicInteger();
        CheckResponse fromDegradedMode = allow("old", 60);
        PolicyGate flaky = new PolicyGate() {
            @Override
            public CompletableFuture<CheckResponse> check(CheckRequest request) {
                throw new UnsupportedOperationException("decide only");
            }

            @Override
            public CompletableFuture<PolicyAnswer> decide(CheckRequest request) {
                return switch (asked.incrementAndGet()) {
                    case 1 -> CompletableFuture.failedFuture(new IllegalStateException("policy-service down"));
                    case 2 -> CompletableFuture.completedFuture(new PolicyAnswer(fromDegradedMode, AccessLog.DECIDED_BY_CACHE));
                    default -> CompletableFuture.completedFuture(new PolicyAnswer(allow("fresh", 60),
                            AccessLog.DECIDED_BY_POLICY));
                };
            }
        };
        ProxyMetrics metrics = ProxyMetrics.inMemory(ProxyTier.EDGE);
        CachingPolicyGate gate = new CachingPolicyGate(flaky, new DecisionCache(10, now::get), metrics);
        CheckRequest request = request("r", "a.test", "/");
        assertTrue(gate.decide(request).isCompletedExceptionally());
        assertSame(fromDegradedMode, gate.decide(request).join().response());
        assertEquals("fresh", gate.decide(request).join().response().getDecisionId());
        PolicyAnswer reused = gate.decide(request).join();
        assertEquals("fresh", reused.response().getDecisionId());
        assertEquals(AccessLog.DECIDED_BY_DECISION_CACHE, reused.decidedBy());
        assertEquals(3, asked.get(), "only the policy-service's own answer was reused");
        assertEquals(1.0, metrics.registry().get(ProxyMetrics.DECISION_CACHE_LOOKUPS)
                .tag(ProxyMetrics.TAG_RESULT, ProxyMetrics.RESULT_HIT).counter().count());
        assertEquals(3.0, metrics.registry().get(ProxyMetrics.DECISION_CACHE_LOOKUPS)
                .tag(ProxyMetrics.TAG_RESULT, ProxyMetrics.RESULT_MISS).counter().count());
    }
}
