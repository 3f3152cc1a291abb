package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.EmbeddedEvaluator;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import com.aibang.egress.policyservice.rate.InMemoryRateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;

/** Builds a DecisionService the way the app wires it, with an in-memory rate store and a plain meter registry. */
public final class TestServices {

    private TestServices() {
    }

    public static DecisionService decisionService(LoadedPolicy loaded, String decisionPath, DecisionLogQueue queue) {
        return new DecisionService(new EmbeddedEvaluator(() -> loaded), decisionPath, "data.system.log.mask", queue,
                new InMemoryRateStore(), new DecisionMetrics(new SimpleMeterRegistry()),
                Map.of("service", "policy-service"), new RecentDecisions(10));
    }
}
