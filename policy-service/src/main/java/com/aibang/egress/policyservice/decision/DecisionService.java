package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.decisionlog.DecisionLogUnavailableException;
import com.aibang.egress.policyservice.engine.PolicyEvaluator;
import com.aibang.egress.policyservice.engine.PolicyEvaluator.Evaluated;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import com.aibang.egress.policyservice.rate.RateKeys;
import com.aibang.egress.policyservice.rate.RateStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Answers one Check: builds the input (with input.rate), evaluates the decision path, maps the
 * result fail-closed, evaluates the log mask, hands the decision log entry to the writer thread, and
 * only answers once the log took it. Evaluation runs on the calling thread; it blocks only with
 * blocking parts (Redis rate store, external OPA), see {@link #blocking()}.
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
    private final int maxCacheTtlSeconds;
    private final ReuseRecords reuse;

    /** With the default cap of cache_ttl ({@link DecisionMapper#DEFAULT_MAX_CACHE_TTL_SECONDS}). */
    public DecisionService(PolicyEvaluator evaluator, String decisionPath, String maskPath, DecisionLogQueue decisionLog,
            RateStore rates, DecisionMetrics metrics, Map<String, Object> labels, RecentDecisions recent) {
        this(evaluator, decisionPath, maskPath, decisionLog, rates, metrics, labels, recent,
                DecisionMapper.DEFAULT_MAX_CACHE_TTL_SECONDS);
    }

    /**
     * @param maskPath           reference of the mask policy, empty for none
     * @param labels             written as "labels" in every entry
     * @param maxCacheTtlSeconds cap of the decision's cache_ttl (policy.max-cache-ttl)
     */
    public DecisionService(PolicyEvaluator evaluator, String decisionPath, String maskPath, DecisionLogQueue decisionLog,
            RateStore rates, DecisionMetrics metrics, Map<String, Object> labels, RecentDecisions recent,
            int maxCacheTtlSeconds) {
        if (maxCacheTtlSeconds < 0) {
            throw new IllegalArgumentException("policy.max-cache-ttl must not be negative, got " + maxCacheTtlSeconds + " s");
        }
        this.maxCacheTtlSeconds = maxCacheTtlSeconds;
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
        this.reuse = new ReuseRecords(decisionPath, decisionLog, rates, this.labels, recent, this::mask);
    }

    private static void requireDataRef(String property, String ref) {
        if (!ref.equals("data") && !ref.startsWith("data.")) {
            throw new IllegalArgumentException(
                    property + " must be a reference into data such as data.egress.decision, got: " + ref);
        }
    }

    /**
     * Answers one Check, blocking until the decision log accepted it (tests, tools).
     *
     * @throws DecisionLogUnavailableException when it cannot be logged
     */
    public CheckResponse check(CheckRequest request) {
        try {
            return checkAsync(request).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Answers one Check without blocking the caller (with the in-memory rate store and the embedded
     * engine): evaluates on the calling thread and completes once the decision log took the entry
     * (queued, or written with wait-for-write), possibly on the log writer thread. Fails with
     * {@link DecisionLogUnavailableException} when the decision cannot be logged.
     */
    public CompletionStage<CheckResponse> checkAsync(CheckRequest request) {
        return checkAsync(request, null);
    }

    /**
     * Like {@link #checkAsync(CheckRequest)}; {@code logDrainer} (the caller's event loop, or null) writes the
     * entry with wait-for-write, see {@link DecisionLogQueue#submitAsync(DecisionLogQueue.Entry, Executor)}.
     */
    public CompletionStage<CheckResponse> checkAsync(CheckRequest request, Executor logDrainer) {
        Map<String, Object> input = CheckInputBuilder.build(request);
        if (!request.getRecheckOf().isEmpty()) {
            input.put(InputFields.RECHECK_OF, request.getRecheckOf());
        }
        String decisionId = DecisionIds.next();
        Instant timestamp = Instant.now();
        long rateStarted = System.nanoTime();
        String rateError = null;
        try {
            // A tunnel's re-check (tier 2, server name) was counted with its CONNECT check: count it only once.
            RateKeys keys = RateKeys.of(input);
            input.put(InputFields.RATE, (request.getRecheckOf().isEmpty() ? rates.hit(keys, decisionId)
                    : rates.peek(keys)).toInput());
        } catch (RuntimeException e) {
            rateError = "rate store " + rates.name() + " unavailable: " + e.getMessage();
            LOG.errorf("decision %s: %s", decisionId, rateError);
        }
        long rateNs = System.nanoTime() - rateStarted;
        Evaluation evaluation = rateError == null
                ? evaluate(decisionId, timestamp, decisionPath, input)
                : failed(decisionId, timestamp, rateError);
        MaskAnswer mask = mask(decisionId, input, evaluation.result().orElse(null));
        CompletableFuture<Void> logged = decisionLog.submitAsync(
                new DecisionLogRecord(decisionPath, input, evaluation, true, mask, labels, rateNs, recent), logDrainer);
        Decision decision = evaluation.decision();
        metrics.record(CheckInputBuilder.tierName(request), resultTag(evaluation), evaluation.evalNs());
        CheckResponse response = CheckResponse.newBuilder()
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
                .addAllMask(mask.paths())
                .setCacheTtlSeconds(decision.cacheTtlSeconds())
                .build();
        return logged.thenApply(written -> response);
    }

    /**
     * Counts a proxy's reused decisions in the rate store and logs one entry per reused decision
     * ({@link ReuseRecords}); completes once the log took every entry. Blocks with the Redis rate store.
     *
     * @throws IllegalArgumentException when the report is invalid (nothing counted or logged)
     */
    public CompletionStage<ReuseAck> recordReuse(ReuseReport report) {
        return reuse.record(report);
    }

    /**
     * Evaluates any data reference for the OPA-compatible Data API and logs it like a decision
     * (allow, reason and mode only when the reference is the decision path). input null = undefined.
     * Blocks until the decision log accepted the entry.
     */
    public Evaluation query(String ref, Object input) {
        Evaluation evaluation = evaluate(DecisionIds.next(), Instant.now(), ref, input);
        boolean isDecision = ref.equals(decisionPath);
        MaskAnswer mask = mask(evaluation.decisionId(), input, evaluation.result().orElse(null));
        decisionLog.await(decisionLog.submitAsync(new DecisionLogRecord(ref, input, evaluation, isDecision, mask,
                labels, DecisionLogRecord.NOT_COUNTED, recent)));
        if (isDecision) {
            Object tier = input instanceof Map<?, ?> document ? document.get(InputFields.TIER) : null;
            metrics.record(tier instanceof String name ? name : "", resultTag(evaluation), evaluation.evalNs());
        }
        return evaluation;
    }

    /** Evaluates the mask policy (the answer is needed in the reply); applying it is left to the log writer. */
    MaskAnswer mask(String decisionId, Object input, Object result) {
        if (maskPath.isEmpty()) {
            return MaskAnswer.NONE;
        }
        Evaluated rules = evaluator.evaluate(maskPath, DecisionLogMask.queryInput(input, result));
        try {
            if (rules.error() != null) {
                throw new IllegalArgumentException(rules.error());
            }
            Object answer = rules.result().orElse(null);
            return new MaskAnswer(answer, DecisionLogMask.paths(answer), null);
        } catch (IllegalArgumentException e) {
            // Never log what the mask policy might have wanted hidden: drop both documents instead.
            LOG.errorf("decision %s: mask policy %s failed, input and result not logged: %s", decisionId, maskPath,
                    e.getMessage());
            return MaskAnswer.failed(e.getMessage());
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
        Decision decision = DecisionMapper.map(evaluated.result(), maxCacheTtlSeconds);
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

    /** Whether a Check may block its thread (Redis rate store, external OPA): then run it off the event loop. */
    public boolean blocking() {
        return rates.blocking() || evaluator.blocking();
    }
}
