package com.aibang.egress.policyservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-decision meters: {@code policy_decisions_total{tier,result}} (result = allow, deny, report,
 * error) and the {@code policy_evaluation_seconds} histogram (Prometheus buckets, by tier).
 */
public final class DecisionMetrics {

    public static final String DECISIONS = "policy.decisions";
    public static final String EVALUATION = "policy.evaluation";

    public static final String RESULT_ALLOW = "allow";
    public static final String RESULT_DENY = "deny";
    public static final String RESULT_REPORT = "report";
    public static final String RESULT_ERROR = "error";

    private final MeterRegistry registry;
    /** One lookup per decision: the tier's meters, registered on its first decision. */
    private final ConcurrentHashMap<String, TierMeters> tiers = new ConcurrentHashMap<>();

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String tier, String result, long evalNanos) {
        String tierTag = tier == null || tier.isEmpty() ? "none" : tier;
        TierMeters meters = tiers.get(tierTag);
        if (meters == null) {
            meters = tiers.computeIfAbsent(tierTag, this::register);
        }
        meters.decisions(result).increment();
        meters.evaluation().record(evalNanos, TimeUnit.NANOSECONDS);
    }

    private TierMeters register(String tierTag) {
        Timer evaluation = Timer.builder(EVALUATION)
                .description("Policy evaluation time per decision")
                .tags("tier", tierTag)
                .publishPercentileHistogram()
                .register(registry);
        return new TierMeters(registry, tierTag, evaluation, new ConcurrentHashMap<>());
    }

    private record TierMeters(MeterRegistry registry, String tier, Timer evaluation, Map<String, Counter> byResult) {

        Counter decisions(String result) {
            Counter counter = byResult.get(result);
            return counter != null ? counter : byResult.computeIfAbsent(result, key -> Counter.builder(DECISIONS)
                    .description("Decisions answered, by tier and result")
                    .tags("tier", tier, "result", key)
                    .register(registry));
        }
    }
}
