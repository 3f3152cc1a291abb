package com.aibang.egress.proxy.policy;

import com.aibang.egress.proxy.ProxyEventLoops;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyTier;
import io.grpc.Channel;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A proxy's policy client, built the same way for both tiers from their {@link PolicyClientSettings}: the gRPC
 * gate (on the proxy's event loops, or over a given channel), whatever the tier wraps around it (degraded mode),
 * and in front the decision cache with its reuse reports. Hand {@link #gate()} to the server with the server's
 * own decision cache off, and {@link #close()} once the server stopped.
 */
public final class PolicyClient implements AutoCloseable {

    /** Where the policy-service listens ({@code quarkus.grpc.clients.policy.host/port/plain-text}). */
    public record Endpoint(String host, int port, boolean plainText) {
    }

    private final GrpcPolicyGate grpc;
    private final ReuseReporter reporter;
    private final PolicyGate gate;

    private PolicyClient(GrpcPolicyGate grpc, ReuseReporter reporter, PolicyGate gate) {
        this.grpc = grpc;
        this.reporter = reporter;
        this.gate = gate;
    }

    /**
     * @param group the settings' prefix (e.g. {@code edge.policy}), named in errors
     * @param endpoint used by the event-loop client (plain text only)
     * @param channel Quarkus' client channel, used without the event-loop client or with TLS
     * @param around wraps the gRPC gate before the decision cache (e.g. degraded mode); identity for none
     * @throws IllegalArgumentException naming the property when a setting is invalid
     */
    public static PolicyClient create(String group, PolicyClientSettings settings, Endpoint endpoint, Channel channel,
            ProxyEventLoops loops, ProxyMetrics metrics, ProxyTier tier, UnaryOperator<PolicyGate> around) {
        ReuseReporter.Settings reportSettings = validate(group, settings);
        GrpcPolicyGate grpc = settings.eventLoopClient() && endpoint.plainText()
                ? GrpcPolicyGate.onEventLoops(loops, endpoint.host(), endpoint.port(), settings.deadline())
                : new GrpcPolicyGate(channel, settings.deadline());
        PolicyGate gate = around.apply(grpc);
        PolicyClientSettings.DecisionCache cache = settings.decisionCache();
        if (!cache.enabled()) {
            return new PolicyClient(grpc, null, gate);
        }
        ReuseReporter reporter = new ReuseReporter(reportSettings, gate::reportReuse,
                new ReuseMeters(metrics.registry(), tier.label()), tier.label() + "-reuse-report",
                System::currentTimeMillis);
        DecisionCache decisions = new DecisionCache(cache.maxEntries(), System::nanoTime);
        return new PolicyClient(grpc, reporter, new CachingPolicyGate(gate, decisions, metrics, reporter));
    }

    /** Checks every setting; the report settings as the reporter takes them. */
    static ReuseReporter.Settings validate(String group, PolicyClientSettings settings) {
        Duration deadline = settings.deadline();
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException(group + ".deadline must be positive, got " + deadline);
        }
        PolicyClientSettings.DecisionCache cache = settings.decisionCache();
        if (cache.maxEntries() < 1) {
            throw new IllegalArgumentException(group + ".decision-cache.max-entries must be at least 1, got "
                    + cache.maxEntries());
        }
        PolicyClientSettings.ReuseReport report = cache.report();
        try {
            ReuseReporter.Settings defaults = ReuseReporter.Settings.defaults();
            return new ReuseReporter.Settings(report.interval(), defaults.batchSize(), report.maxRequestIds(),
                    report.maxPending(), defaults.attempts(), defaults.closeTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(group + ".decision-cache.report: " + e.getMessage(), e);
        }
    }

    /** The gate the proxy asks (decision cache in front when enabled). */
    public PolicyGate gate() {
        return gate;
    }

    /** The gRPC gate underneath (readiness, tests). */
    public GrpcPolicyGate grpc() {
        return grpc;
    }

    /** The reuse reporter; null when the decision cache is off. */
    public ReuseReporter reporter() {
        return reporter;
    }

    /** Sends the pending reuse reports (bounded wait), then closes the connections this client made. */
    @Override
    public void close() {
        if (reporter != null) {
            reporter.close();
        }
        grpc.close();
    }
}
