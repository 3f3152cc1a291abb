package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Bounded degraded mode (off unless configured): when no decision can be obtained, an allow seen for the
 * same identity and destination within the window is reused and marked {@code decided_by: cache};
 * everything else still fails closed. Denies and report-mode answers are never reused.
 */
public final class DegradedModeGate implements PolicyGate {

    private static final Logger LOG = Logger.getLogger(DegradedModeGate.class);

    private final PolicyGate delegate;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Remembered> allows;

    private record Remembered(CheckResponse response, Instant seen) {
    }

    /**
     * @param delegate the real gate
     * @param window how long an allow may be reused
     * @param maxEntries most identity+destination pairs remembered (oldest dropped first)
     * @param clock time source
     */
    public DegradedModeGate(PolicyGate delegate, Duration window, int maxEntries, Clock clock) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("degraded-mode window must be positive, got " + window);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("degraded-mode max entries must be at least 1, got " + maxEntries);
        }
        this.delegate = delegate;
        this.window = window;
        this.clock = clock;
        this.allows = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public CompletableFuture<CheckResponse> check(CheckRequest request) {
        return decide(request).thenApply(PolicyAnswer::response);
    }

    @Override
    public CompletableFuture<PolicyAnswer> decide(CheckRequest request) {
        String key = key(request);
        return delegate.check(request).handle((response, error) -> {
            if (error == null && response != null) {
                if (response.getAllow()) {
                    remember(key, response);
                }
                return CompletableFuture.completedFuture(new PolicyAnswer(response, AccessLog.DECIDED_BY_POLICY));
            }
            Remembered earlier = recall(key);
            if (earlier == null) {
                return CompletableFuture.<PolicyAnswer>failedFuture(error);
            }
            LOG.warnf("policy-service unreachable; reusing allow %s from %s for %s",
                    earlier.response().getDecisionId(), earlier.seen(), key);
            return CompletableFuture.completedFuture(new PolicyAnswer(earlier.response(), AccessLog.DECIDED_BY_CACHE));
        }).thenCompose(answer -> answer);
    }

    @Override
    public CompletableFuture<ReuseAck> reportReuse(ReuseReport report) {
        return delegate.reportReuse(report);
    }

    @Override
    public boolean reachable() {
        return delegate.reachable();
    }

    private synchronized void remember(String key, CheckResponse response) {
        allows.put(key, new Remembered(response, clock.instant()));
    }

    private synchronized Remembered recall(String key) {
        Remembered earlier = allows.get(key);
        if (earlier == null) {
            return null;
        }
        if (clock.instant().isAfter(earlier.seen().plus(window))) {
            allows.remove(key);
            return null;
        }
        return earlier;
    }

    /** Identity (namespace, service account, pod, IP) and destination (method, host, port). */
    private static String key(CheckRequest request) {
        Source source = request.getSource();
        var destination = request.getDestination();
        return String.join("|", source.getNamespace(), source.getServiceAccount(), source.getPod(), source.getIp(),
                destination.getMethod(),
                destination.getHost(), Integer.toString(destination.getPort()));
    }
}
