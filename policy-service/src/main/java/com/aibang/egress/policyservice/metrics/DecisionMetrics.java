package com.aibang.egress.policyservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String tier, String result, long evalNanos) {
        String tierTag = tier == null || tier.isEmpty() ? "none" : tier;
        counters.computeIfAbsent(tierTag + "|" + result, key -> Counter.builder(DECISIONS)
                .description("Decisions answered, by tier and result")
                .tags("tier", tierTag, "result", result)
                .register(registry)).increment();
        timers.computeIfAbsent(tierTag, key -> Timer.builder(EVALUATION)
                .description("Policy evaluation time per decision")
                .tags("tier", tierTag)
                .publishPercentileHistogram()
                .register(registry)).record(evalNanos, TimeUnit.NANOSECONDS);
    }
}
