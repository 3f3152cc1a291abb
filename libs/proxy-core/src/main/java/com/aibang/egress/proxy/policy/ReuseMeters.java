package com.aibang.egress.proxy.policy;

import com.aibang.egress.proxy.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The meters of {@link ReuseReporter}, tagged with the proxy's tier. */
public final class ReuseMeters {

    private final MeterRegistry registry;
    private final String tier;
    private final Counter reported;
    private final Counter declined;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    public ReuseMeters(MeterRegistry registry, String tier) {
        this.registry = registry;
        this.tier = tier;
        reported = Counter.builder(ReuseReporter.REPORTED)
                .description("reused policy decisions reported to (and acknowledged by) the policy-service")
                .tags(ProxyMetrics.TAG_TIER, tier).register(registry);
        declined = Counter.builder(ReuseReporter.DECLINED)
                .description("decision reuses not made because too many awaited their report (the service was asked)")
                .tags(ProxyMetrics.TAG_TIER, tier).register(registry);
        for (String reason : new String[] {ReuseReporter.DROPPED_REJECTED, ReuseReporter.DROPPED_FAILED,
                ReuseReporter.DROPPED_SHUTDOWN}) {
            droppedCounter(reason);
        }
    }

    void watchPending(AtomicInteger pending) {
        Gauge.builder(ReuseReporter.PENDING, pending, AtomicInteger::get)
                .description("reused decisions waiting to be reported to the policy-service")
                .tags(ProxyMetrics.TAG_TIER, tier).register(registry);
    }

    void reported(int reuses) {
        reported.increment(reuses);
    }

    void declined() {
        declined.increment();
    }

    void dropped(String reason, int reuses) {
        droppedCounter(reason).increment(reuses);
    }

    private Counter droppedCounter(String reason) {
        return dropped.computeIfAbsent(reason, r -> Counter.builder(ReuseReporter.DROPPED)
                .description("reused policy decisions whose report to the policy-service was lost")
                .tags(ProxyMetrics.TAG_TIER, tier, ProxyMetrics.TAG_REASON, r).register(registry));
    }
}
