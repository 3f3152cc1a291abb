package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyMetrics;
import java.util.concurrent.CompletableFuture;

/**
 * Reuses a decision of the policy-service for identical requests while the policy's
 * {@code cache_ttl_seconds} lasts; answers so reused say {@code decided_by: decision-cache} and keep the
 * original decision id, so every request still maps to a line of the policy-service's decision log.
 * Only real answers of the policy-service are stored: failures and degraded-mode reuses never are.
 *
 * <p>With a {@link ReuseReporter} every reuse is also reported to the policy-service (rate counts, decision
 * log); a reuse the reporter cannot take is not made: the policy-service is asked instead.
 */
public final class CachingPolicyGate implements PolicyGate {

    private final PolicyGate delegate;
    private final DecisionCache cache;
    private final ProxyMetrics metrics;
    private final ReuseReporter reporter;

    /** Reuses without reporting them (the policy-service neither counts nor logs the reuses). */
    public CachingPolicyGate(PolicyGate delegate, DecisionCache cache, ProxyMetrics metrics) {
        this(delegate, cache, metrics, null);
    }

    /** @param reporter where reuses are reported; null = not reported */
    public CachingPolicyGate(PolicyGate delegate, DecisionCache cache, ProxyMetrics metrics, ReuseReporter reporter) {
        this.delegate = delegate;
        this.cache = cache;
        this.metrics = metrics;
        this.reporter = reporter;
    }

    @Override
    public CompletableFuture<CheckResponse> check(CheckRequest request) {
        return decide(request).thenApply(PolicyAnswer::response);
    }

    @Override
    public CompletableFuture<PolicyAnswer> decide(CheckRequest request) {
        CheckRequest key = DecisionCache.keyOf(request);
        CheckResponse reused = cache.lookup(key);
        if (reused != null && (reporter == null || reporter.reused(request, key, reused))) {
            metrics.decisionCacheLookup(true);
            return CompletableFuture.completedFuture(new PolicyAnswer(reused, AccessLog.DECIDED_BY_DECISION_CACHE));
        }
        metrics.decisionCacheLookup(false);
        return delegate.decide(request).thenApply(answer -> {
            if (answer != null && answer.response() != null
                    && AccessLog.DECIDED_BY_POLICY.equals(answer.decidedBy())) {
                cache.store(key, answer.response());
            }
            return answer;
        });
    }

    @Override
    public CompletableFuture<ReuseAck> reportReuse(ReuseReport report) {
        return delegate.reportReuse(report);
    }

    @Override
    public boolean reachable() {
        return delegate.reachable();
    }

    /** The cache behind this gate. */
    public DecisionCache cache() {
        return cache;
    }
}
