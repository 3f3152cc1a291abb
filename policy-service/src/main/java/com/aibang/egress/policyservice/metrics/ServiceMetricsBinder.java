package com.aibang.egress.policyservice.metrics;

import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Service-level meters read from their owners: decision log queue depth, refused entries and
 * write failures; policy reloads and failures; {@code policy_revision_info{revision}} = 1 for the
 * revision serving (0 for earlier ones).
 */
@Singleton
public class ServiceMetricsBinder {

    private final AtomicReference<String> serving = new AtomicReference<>("");

    void bind(@Observes StartupEvent event, MeterRegistry registry, DecisionLogQueue log, PolicyEngine engine) {
        Gauge.builder("policy.decision_log.queue.depth", log, DecisionLogQueue::depth)
                .description("Decision log entries waiting to be written").register(registry);
        FunctionCounter.builder("policy.decision_log.write.failures", log, DecisionLogQueue::writeFailures)
                .description("Decision log entries an output could not write").register(registry);
        FunctionCounter.builder("policy.decision_log.rejected", log, DecisionLogQueue::rejected)
                .description("Checks refused because the decision log queue stayed full").register(registry);
        FunctionCounter.builder("policy.reloads", engine, PolicyEngine::reloads)
                .description("Policy changes loaded").register(registry);
        FunctionCounter.builder("policy.reload.failures", engine, PolicyEngine::reloadFailures)
                .description("Policy changes that failed to load (previous revision kept serving)").register(registry);
        engine.onRevision(loaded -> serve(registry, loaded));
    }

    private void serve(MeterRegistry registry, LoadedPolicy loaded) {
        String revision = loaded.shortRevision();
        serving.set(revision);
        Gauge.builder("policy.revision.info", serving, current -> revision.equals(current.get()) ? 1 : 0)
                .description("1 for the policy revision serving decisions")
                .tag("revision", revision).register(registry);
    }
}
