package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.rego.RegoException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Answers one Check: builds the input, evaluates the decision path, maps the result fail-closed,
 * writes the decision log line and only then returns the reply. Blocking; call it off the event loop.
 */
public final class DecisionService {

    private static final Logger LOG = Logger.getLogger(DecisionService.class);

    private final Supplier<LoadedPolicy> policy;
    private final String decisionPath;
    private final DecisionLogWriter decisionLog;

    public DecisionService(Supplier<LoadedPolicy> policy, String decisionPath, DecisionLogWriter decisionLog) {
        if (!decisionPath.equals("data") && !decisionPath.startsWith("data.")) {
            throw new IllegalArgumentException(
                    "policy.decision-path must be a reference into data such as data.egress.decision, got: " + decisionPath);
        }
        this.policy = policy;
        this.decisionPath = decisionPath;
        this.decisionLog = decisionLog;
    }

    public CheckResponse check(CheckRequest request) {
        Map<String, Object> input = CheckInputBuilder.build(request);
        Evaluation evaluation = evaluate(decisionPath, input);
        decisionLog.write(DecisionLogEntry.of(decisionPath, input, evaluation, true));
        Decision decision = evaluation.decision();
        return CheckResponse.newBuilder()
                .setAllow(decision.allow())
                .setReason(decision.reason())
                .setRoute(decision.route())
                .setRule(decision.rule())
                .setMode(decision.mode())
                .setStatus(decision.status())
                .setRetryAfterSeconds(decision.retryAfterSeconds())
                .setDecisionId(evaluation.decisionId())
                .setPolicyRevision(evaluation.revision())
                .build();
    }

    /**
     * Evaluates any data reference for the OPA-compatible Data API and logs it like a decision
     * (allow and reason only when the reference is the decision path). input null = undefined.
     */
    public Evaluation query(String ref, Object input) {
        Evaluation evaluation = evaluate(ref, input);
        decisionLog.write(DecisionLogEntry.of(ref, input, evaluation, ref.equals(decisionPath)));
        return evaluation;
    }

    private Evaluation evaluate(String ref, Object input) {
        LoadedPolicy loaded = policy.get();
        String decisionId = UUID.randomUUID().toString();
        Instant timestamp = Instant.now();
        long started = System.nanoTime();
        try {
            Optional<Object> result = loaded.policy().evaluate(ref, input);
            long evalNs = System.nanoTime() - started;
            return new Evaluation(decisionId, timestamp, loaded.shortRevision(), result, DecisionMapper.map(result),
                    evalNs, null);
        } catch (RuntimeException e) {
            // Any failure inside the interpreter, not only RegoException, must end in a deny.
            long evalNs = System.nanoTime() - started;
            String error = e instanceof RegoException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf("decision %s: evaluating %s failed: %s", decisionId, ref, error);
            return new Evaluation(decisionId, timestamp, loaded.shortRevision(), Optional.empty(),
                    Decision.failClosed("policy evaluation error: " + error), evalNs, error);
        }
    }

    /** Outcome of one evaluation: the raw result, the fail-closed decision and how long it took. */
    public record Evaluation(
            String decisionId,
            Instant timestamp,
            String revision,
            Optional<Object> result,
            Decision decision,
            long evalNs,
            String error) {
    }

    public String decisionPath() {
        return decisionPath;
    }
}
