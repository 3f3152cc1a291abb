package com.aibang.egress.proxy;

import com.aibang.egress.proxy.upstream.ParentMember;
import com.aibang.egress.proxy.upstream.ParentPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's meters; names and tag keys are constants so dashboards can rely on them. */
public final class ProxyMetrics {

    public static final String REQUESTS = "proxy.requests";
    public static final String TUNNELS_ACTIVE = "proxy.tunnels.active";
    public static final String BYTES = "proxy.bytes";
    public static final String DECISION_LATENCY = "proxy.policy.decision";
    public static final String PARENT_UP = "proxy.parent.up";
    public static final String LIMIT_BREACHES = "proxy.limit.breaches";
    public static final String CONNECTIONS_ACTIVE = "proxy.connections.active";
    /** Connections closed at accept because their source is not in the allowed ranges. */
    public static final String SOURCES_REFUSED = "proxy.sources.refused";
    /** Requests and tunnels refused because the destination resolved to a guarded (internal) address. */
    public static final String SSRF_BLOCKED = "proxy.ssrf.blocked";
    /** Tunnels closed because the TLS server name did not match the CONNECT host (or was not acceptable). */
    public static final String SNI_REFUSED = "proxy.sni.refused";
    /** HTTP cache lookups by result (hit, miss, revalidated, stale). */
    public static final String CACHE_LOOKUPS = "proxy.cache.lookups";
    /** Access lines dropped because the writer's queue was full. */
    public static final String ACCESS_LOG_DROPPED = "proxy.access_log.dropped";
    /** Decision-cache lookups by result (hit, miss). */
    public static final String DECISION_CACHE_LOOKUPS = "proxy.policy.decision.cache";
    public static final String TAG_REASON = "reason";

    public static final String TAG_TIER = "tier";
    public static final String TAG_KIND = "kind";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_STATUS = "status";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_RESULT = "result";
    public static final String TAG_POOL = "pool";
    public static final String TAG_PARENT = "parent";
    public static final String TAG_LIMIT = "limit";

    /** Kind of a request: plain HTTP. */
    public static final String KIND_REQUEST = "request";
    /** Kind of a request: CONNECT tunnel. */
    public static final String KIND_TUNNEL = "tunnel";
    /** Bytes from client towards destination. */
    public static final String DIRECTION_UPSTREAM = "upstream";
    /** Bytes from destination towards client. */
    public static final String DIRECTION_DOWNSTREAM = "downstream";
    /** Decision timer result: a decision was obtained. */
    public static final String RESULT_OK = "ok";
    /** Decision timer result: none could be obtained. */
    public static final String RESULT_ERROR = "error";
    /** Decision-cache result: a stored decision was reused. */
    public static final String RESULT_HIT = "hit";
    /** Decision-cache result: the policy-service was asked. */
    public static final String RESULT_MISS = "miss";

    private final MeterRegistry registry;
    private final String tier;
    private final AtomicInteger activeTunnels = new AtomicInteger();
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final Counter bytesUp;
    private final Counter bytesDown;
    private final Timer decisionsOk;
    private final Timer decisionsFailed;
    private final Counter accessLogDropped;
    /** Request counters by kind, outcome and status, made once each: building a meter id per request is costly. */
    private final java.util.concurrent.ConcurrentMap<RequestKey, Counter> requestCounters =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Cache-lookup counters by result, made once each (one lookup per GET when the HTTP cache is on). */
    private final java.util.concurrent.ConcurrentMap<String, Counter> cacheLookups =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter decisionCacheHits;
    private final Counter decisionCacheMisses;

    public ProxyMetrics(MeterRegistry registry, ProxyTier tier) {
        this.registry = registry;
        this.tier = tier.label();
        Gauge.builder(TUNNELS_ACTIVE, activeTunnels, AtomicInteger::get).description("open CONNECT tunnels")
                .tag(TAG_TIER, this.tier).register(registry);
        Gauge.builder(CONNECTIONS_ACTIVE, activeConnections, AtomicInteger::get).description("open client connections")
                .tag(TAG_TIER, this.tier).register(registry);
        bytesUp = Counter.builder(BYTES).baseUnit("bytes").description("payload bytes relayed")
                .tags(TAG_TIER, this.tier, TAG_DIRECTION, DIRECTION_UPSTREAM).register(registry);
        bytesDown = Counter.builder(BYTES).baseUnit("bytes").description("payload bytes relayed")
                .tags(TAG_TIER, this.tier, TAG_DIRECTION, DIRECTION_DOWNSTREAM).register(registry);
        // Registered up front: the first decision is timed on a gRPC thread, which should not pay for set-up.
        decisionsOk = decisionTimer(RESULT_OK);
        decisionsFailed = decisionTimer(RESULT_ERROR);
        accessLogDropped = Counter.builder(ACCESS_LOG_DROPPED).description("access lines dropped (writer queue full)")
                .tags(TAG_TIER, this.tier).register(registry);
        decisionCacheHits = decisionCacheCounter(RESULT_HIT);
        decisionCacheMisses = decisionCacheCounter(RESULT_MISS);
    }

    private Counter decisionCacheCounter(String result) {
        return Counter.builder(DECISION_CACHE_LOOKUPS).description("policy decisions reused (hit) or asked for (miss)")
                .tags(TAG_TIER, tier, TAG_RESULT, result).register(registry);
    }

    private Timer decisionTimer(String result) {
        return Timer.builder(DECISION_LATENCY).description("time to obtain a policy decision")
                .publishPercentileHistogram().tags(TAG_TIER, tier, TAG_RESULT, result).register(registry);
    }

    /** Meters kept in memory only (tests, or apps without a registry). */
    public static ProxyMetrics inMemory(ProxyTier tier) {
        return new ProxyMetrics(new SimpleMeterRegistry(), tier);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One request or tunnel answered; outcome is the access-log decision value. */
    public void requestDone(String kind, String outcome, int status) {
        String outcomeTag = outcome == null ? "none" : outcome;
        requestCounters.computeIfAbsent(new RequestKey(kind, outcomeTag, status), key ->
                Counter.builder(REQUESTS).description("requests and tunnels by outcome")
                        .tags(TAG_TIER, tier, TAG_KIND, key.kind(), TAG_OUTCOME, key.outcome(),
                                TAG_STATUS, Integer.toString(key.status()))
                        .register(registry)).increment();
    }

    private record RequestKey(String kind, String outcome, int status) {
    }

    /** An access line was dropped (the writer's queue was full). */
    public void accessLogDropped() {
        accessLogDropped.increment();
    }

    public void tunnelOpened() {
        activeTunnels.incrementAndGet();
    }

    public void tunnelClosed() {
        activeTunnels.decrementAndGet();
    }

    public int activeTunnels() {
        return activeTunnels.get();
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    public void bytesUpstream(long count) {
        bytesUp.increment(count);
    }

    public void bytesDownstream(long count) {
        bytesDown.increment(count);
    }

    /** Time spent obtaining a policy decision (or failing to). */
    public void decisionLatency(long nanos, boolean decided) {
        (decided ? decisionsOk : decisionsFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One decision-cache lookup. */
    public void decisionCacheLookup(boolean hit) {
        (hit ? decisionCacheHits : decisionCacheMisses).increment();
    }

    /** A protection limit was hit; limit names the limit (e.g. {@code header-timeout}). */
    public void limitBreached(String limit) {
        Counter.builder(LIMIT_BREACHES).description("protection limit breaches")
                .tags(TAG_TIER, tier, TAG_LIMIT, limit).register(registry).increment();
    }

    /** A connection from a source outside the allowed ranges was closed at accept. */
    public void sourceRefused() {
        Counter.builder(SOURCES_REFUSED).description("connections refused at accept by source range")
                .tags(TAG_TIER, tier).register(registry).increment();
    }

    /** A destination was refused by the SSRF guard; category names the address range. */
    public void ssrfBlocked(String category) {
        Counter.builder(SSRF_BLOCKED).description("destinations refused by the SSRF guard")
                .tags(TAG_TIER, tier, TAG_REASON, category).register(registry).increment();
    }

    /** A tunnel was closed by the SNI check; reason is e.g. sni_mismatch, sni_missing, not_tls. */
    public void sniRefused(String reason) {
        Counter.builder(SNI_REFUSED).description("tunnels closed by the TLS server name check")
                .tags(TAG_TIER, tier, TAG_REASON, reason).register(registry).increment();
    }

    /** One HTTP cache lookup; result is hit, miss, revalidated or stale. */
    public void cacheLookup(String result) {
        cacheLookups.computeIfAbsent(result, key -> Counter.builder(CACHE_LOOKUPS)
                .description("HTTP cache lookups by result").tags(TAG_TIER, tier, TAG_RESULT, key).register(registry))
                .increment();
    }

    /** One gauge per parent: 1 while healthy, 0 while marked down. */
    public void watchParents(List<ParentPool> pools) {
        for (ParentPool pool : pools) {
            for (ParentMember member : pool.members()) {
                Gauge.builder(PARENT_UP, member, m -> m.healthy() ? 1 : 0).description("parent proxy health")
                        .tags(TAG_TIER, tier, TAG_POOL, pool.name(), TAG_PARENT, member.label()).register(registry);
            }
        }
    }
}
