package com.aibang.egress.policyservice.engine;

import com.aibang.egress.policyservice.config.PolicyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Evaluates the decision (and the log mask) a few hundred times at startup, before the first real
 * Check arrives. A cold JVM's first evaluations are tens of times slower than warm ones, and the
 * proxies' deadline is short: without this, the first requests after a deploy could be refused
 * with 503. Results are discarded, nothing is logged as a decision and no rate is counted.
 */
@ApplicationScoped
public class EvaluationWarmUp {

    private static final Logger LOG = Logger.getLogger(EvaluationWarmUp.class);
    private static final int ROUNDS = 300;

    /** Shapes of real Checks from both tiers, for a destination that no policy should know. */
    private static final List<Map<String, Object>> INPUTS = List.of(
            Map.of("tier", "edge", "request_id", "warm-up",
                    "source", Map.of("ip", "127.0.0.1", "namespace", "warm-up", "authenticated_by", "static-cidr"),
                    "destination", Map.of("host", "warm-up.invalid", "port", 443, "method", "CONNECT", "scheme", "https"),
                    "rate", Map.of("source_per_minute", 1, "source_destination_per_minute", 1)),
            Map.of("tier", "egress", "request_id", "warm-up",
                    "source", Map.of("ip", "127.0.0.1"),
                    "destination", Map.of("host", "warm-up.invalid", "port", 80, "method", "GET", "scheme", "http",
                            "path", "/", "resolved_ips", List.of("127.0.0.1")),
                    "rate", Map.of("source_per_minute", 1, "source_destination_per_minute", 1)));

    // Observers run in ascending priority; PolicyEngine loads the policy at the default (APPLICATION + 500).
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event, PolicyEngine engine,
            PolicyEvaluator evaluator, PolicyConfig config) {
        if (!engine.enabled()) {
            return; // policy.engine=opa: the remote server warms itself
        }
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map<String, Object> input : INPUTS) {
                evaluator.evaluate(config.decisionPath(), input);
                String maskPath = config.decisionLog().maskReference();
                if (!maskPath.isEmpty()) {
                    evaluator.evaluate(maskPath, input);
                }
            }
        }
        LOG.infof("policy evaluation warmed up (%d evaluations in %d ms)", ROUNDS * INPUTS.size(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
