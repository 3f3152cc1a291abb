package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.PolicyEvaluator;
import com.aibang.egress.policyservice.engine.PolicyEvaluator.Evaluated;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import com.aibang.egress.policyservice.rate.RateKeys;
import com.aibang.egress.policyservice.rate.RateStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Answers one Check: builds the input (with input.rate), evaluates the decision path, maps the
 * result fail-closed, masks and queues the decision log line, and only then returns the reply.
 * Blocking; call it off the event loop.
 */
public final class DecisionService {

    private static final Logger LOG = Logger.getLogger(DecisionService.class);

    /** decided_by when the service denied because no valid decision was obtained. */
    public static final String FAIL_CLOSED = "fail-closed";

    private final PolicyEvaluator evaluator;
    private final String decisionPath;
    private final String maskPath;
    private final DecisionLogQueue decisionLog;
    private final RateStore rates;
    private final DecisionMetrics metrics;
    private final Map<String, Object> labels;
    private final RecentDecisions recent;

    /**
     * @param maskPath reference of the mask policy, empty for none
     * @param labels   written as "labels" in every entry
     */
    public DecisionService(PolicyEvaluator evaluator, String decisionPath, String maskPath, DecisionLogQueue decisionLog,
            RateStore rates, DecisionMetrics metrics, Map<String, Object> labels, RecentDecisions recent) {
        requireDataRef("policy.decision-path", decisionPath);
        if (!maskPath.isEmpty()) {
            requireDataRef("policy.decision-log.mask-path", maskPath);
        }
        this.evaluator = evaluator;
        this.decisionPath = decisionPath;
        this.maskPath = maskPath;
        this.decisionLog = decisionLog;
        this.rates = rates;
        this.metrics = metrics;
        this.labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        this.recent = recent;
    }

    private static void requireDataRef(String property, String ref) {
        if (!ref.equals("data") && !ref.startsWith("data.")) {
            throw new IllegalArgumentException(
                    property + " must be a reference into data such as data.egress.decision, got: " + ref);
        }
    }

    /** @throws com.aibang.egress.policyservice.decisionlog.DecisionLogUnavailableException when it cannot be logged */
    public CheckResponse check(CheckRequest request) {
        Map<String, Object> input = CheckInputBuilder.build(request);
        String decisionId = DecisionIds.next();
        Instant timestamp = Instant.now();
        long rateStarted = System.nanoTime();
        String rateError = null;
        try {
            input.put(InputFields.RATE, rates.hit(RateKeys.of(input), decisionId).toInput());
        } catch (RuntimeException e) {
            rateError = "rate store " + rates.name() + " unavailable: " + e.getMessage();
            LOG.errorf("decision %s: %s", decisionId, rateError);
        }
        long rateNs = System.nanoTime() - rateStarted;
        Evaluation evaluation = rateError == null
                ? evaluate(decisionId, timestamp, decisionPath, input)
                : failed(decisionId, timestamp, rateError);
        Map<String, Object> timers = new LinkedHashMap<>();
        timers.put(DecisionLogFields.METRIC_EVAL_NS, evaluation.evalNs());
        timers.put(DecisionLogFields.METRIC_RATE_NS, rateNs);
        log(decisionPath, input, evaluation, true, timers);
        Decision decision = evaluation.decision();
        metrics.record(CheckInputBuilder.tierName(request), resultTag(evaluation), evaluation.evalNs());
        return CheckResponse.newBuilder()
                .setAllow(decision.allow())
                .setReason(decision.reason())
                .setRoute(decision.route())
                .setRule(decision.rule())
                .setMode(decision.mode())
                .setStatus(decision.status())
                .setRetryAfterSeconds(decision.retryAfterSeconds())
                .setInternal(decision.internal())
                .setDecisionId(evaluation.decisionId())
                .setPolicyRevision(evaluation.revision())
                .build();
    }

    /**
     * Evaluates any data reference for the OPA-compatible Data API and logs it like a decision
     * (allow, reason and mode only when the reference is the decision path). input null = undefined.
     */
    public Evaluation query(String ref, Object input) {
        Evaluation evaluation = evaluate(DecisionIds.next(), Instant.now(), ref, input);
        boolean isDecision = ref.equals(decisionPath);
        log(ref, input, evaluation, isDecision, Map.of(DecisionLogFields.METRIC_EVAL_NS, evaluation.evalNs()));
        if (isDecision) {
            Object tier = input instanceof Map<?, ?> document ? document.get(InputFields.TIER) : null;
            metrics.record(tier instanceof String name ? name : "", resultTag(evaluation), evaluation.evalNs());
        }
        return evaluation;
    }

    private void log(String ref, Object input, Evaluation evaluation, boolean isDecision, Map<String, Object> timers) {
        DecisionLogMask.Outcome masked = mask(evaluation.decisionId(), input, evaluation.result().orElse(null));
        Map<String, Object> entry = DecisionLogEntry.of(ref, input, evaluation, isDecision, masked, labels, timers);
        decisionLog.submit(DecisionLogWriter.serialize(entry));
        if (recent != null) {
            recent.add(entry);
        }
    }

    private DecisionLogMask.Outcome mask(String decisionId, Object input, Object result) {
        if (maskPath.isEmpty()) {
            return DecisionLogMask.apply(null, input, result);
        }
        Evaluated rules = evaluator.evaluate(maskPath, DecisionLogMask.queryInput(input, result));
        try {
            if (rules.error() != null) {
                throw new IllegalArgumentException(rules.error());
            }
            return DecisionLogMask.apply(rules.result().orElse(null), input, result);
        } catch (IllegalArgumentException e) {
            // Never log what the mask policy might have wanted hidden: drop both documents instead.
            LOG.errorf("decision %s: mask policy %s failed, input and result not logged: %s", decisionId, maskPath,
                    e.getMessage());
            return new DecisionLogMask.Outcome(null, null, java.util.List.of("/input", "/result"), java.util.List.of());
        }
    }

    private Evaluation evaluate(String decisionId, Instant timestamp, String ref, Object input) {
        long started = System.nanoTime();
        Evaluated evaluated = evaluator.evaluate(ref, input);
        long evalNs = System.nanoTime() - started;
        if (evaluated.error() != null) {
            LOG.errorf("decision %s: evaluating %s failed: %s", decisionId, ref, evaluated.error());
            return new Evaluation(decisionId, timestamp, evaluated.revision(), Optional.empty(),
                    Decision.failClosed("policy evaluation error: " + evaluated.error()), evalNs, evaluated.error(),
                    FAIL_CLOSED);
        }
        Decision decision = DecisionMapper.map(evaluated.result());
        String decidedBy = decision.fromPolicy() ? evaluator.engineName() : FAIL_CLOSED;
        return new Evaluation(decisionId, timestamp, evaluated.revision(), evaluated.result(), decision, evalNs, null,
                decidedBy);
    }

    private Evaluation failed(String decisionId, Instant timestamp, String error) {
        return new Evaluation(decisionId, timestamp, evaluator.currentRevision(), Optional.empty(),
                Decision.failClosed(error), 0, error, FAIL_CLOSED);
    }

    private static String resultTag(Evaluation evaluation) {
        Decision decision = evaluation.decision();
        if (evaluation.error() != null) {
            return DecisionMetrics.RESULT_ERROR;
        }
        if (decision.allow()) {
            return DecisionMetrics.RESULT_ALLOW;
        }
        return decision.reportOnly() ? DecisionMetrics.RESULT_REPORT : DecisionMetrics.RESULT_DENY;
    }

    /** Outcome of one evaluation: the raw result, the fail-closed decision, how long it took and who decided. */
    public record Evaluation(
            String decisionId,
            Instant timestamp,
            String revision,
            Optional<Object> result,
            Decision decision,
            long evalNs,
            String error,
            String decidedBy) {
    }

    public String decisionPath() {
        return decisionPath;
    }
}
