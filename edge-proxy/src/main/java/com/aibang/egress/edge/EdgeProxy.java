package com.aibang.egress.edge;

import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProcessWideSettings;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyEventLoops;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxyServerOptions;
import com.aibang.egress.proxy.ProxyShutdown;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.DegradedModeGate;
import com.aibang.egress.proxy.policy.PolicyClient;
import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.RequestAuthenticator;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.ticket.TicketAlgorithm;
import com.aibang.egress.proxy.ticket.TicketKeys;
import com.aibang.egress.proxy.ticket.TicketSigner;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.aibang.egress.edge.kubernetes.PodWatch;
import com.aibang.egress.edge.kubernetes.TokenReviewAuthenticator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs the tier-1 proxy engine for the lifetime of the application. */
@ApplicationScoped
public class EdgeProxy {

    @Inject
    EdgeConfig config;

    @GrpcClient("policy")
    Channel policyChannel;

    /** Where the policy-service listens: the same properties Quarkus' gRPC client reads. */
    @ConfigProperty(name = "quarkus.grpc.clients.policy.host", defaultValue = "localhost")
    String policyHost;

    @ConfigProperty(name = "quarkus.grpc.clients.policy.port", defaultValue = "9000")
    int policyPort;

    /** Quarkus' client dials this port instead in test mode; so does ours. */
    @ConfigProperty(name = "quarkus.grpc.clients.policy.test-port")
    java.util.Optional<Integer> policyTestPort;

    @ConfigProperty(name = "quarkus.grpc.clients.policy.plain-text", defaultValue = "false")
    boolean policyPlainText;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesClient> kubernetes;

    private ProxyServer server;
    private ProxyEventLoops loops;
    private PolicyClient policy;
    private PolicyGate gate;
    private RouteTable routes;
    private PodWatch podWatch;
    private ExecutorService reviewExecutor;

    /** TokenReview calls block on the API server; they run on these threads, never on an event loop. */
    private static final int TOKEN_REVIEW_THREADS = 4;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        validate();
        ProxySettings settings = ProxySettings.from("edge", ProxyTier.EDGE, config);
        ProcessWideSettings.apply("edge", config);
        loops = ProxyEventLoops.create(config.eventLoopThreads());
        ProxyMetrics metrics = new ProxyMetrics(registry, ProxyTier.EDGE);
        policy = policyClient(metrics);
        gate = policy.gate();
        routes = ParentPools.routes(config, tickets());
        if (config.kubernetes().podWatch()) {
            podWatch = PodWatch.start(kubernetes.get(), config.kubernetes().namespaces().orElse(List.of()));
        }
        ProxyServerOptions options = ProxyServerOptions.builder(settings, gate)
                .identity(identity())
                .authenticator(authenticator())
                .routes(routes)
                .resolver(HostResolver.SYSTEM)
                .limits(ProxyLimits.from("edge.limits", config.limits()))
                .metrics(metrics)
                .accessLogFormat(parse("edge.access-log.format", () -> AccessLog.Format.parse(config.accessLog().format())))
                .healthCheckInterval(config.parentHealth().interval())
                .drainTimeout(config.shutdown().drainTimeout())
                // The policy client keeps the decision cache (with its reuse reports); the server adds none.
                .decisionCache(false, config.policy().decisionCache().maxEntries())
                .eventLoops(loops)
                .build();
        server = new ProxyServer(options);
        server.start();
    }

    /** From edge.policy.*; degraded mode (edge.degraded.*) sits between the gRPC client and the decision cache. */
    private PolicyClient policyClient(ProxyMetrics metrics) {
        int port = io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.TEST
                ? policyTestPort.orElse(policyPort) : policyPort;
        EdgeConfig.Degraded degraded = config.degraded();
        return PolicyClient.create("edge.policy", config.policy(),
                new PolicyClient.Endpoint(policyHost, port, policyPlainText),
                policyChannel, loops, metrics, ProxyTier.EDGE, grpc -> degraded.enabled()
                        ? new DegradedModeGate(grpc, degraded.window(), degraded.maxEntries(), Clock.systemUTC()) : grpc);
    }

    void onStop(@Observes ShutdownEvent event) {
        ProxyShutdown.stop(server, policy, loops);
        if (podWatch != null) {
            podWatch.close();
        }
        if (reviewExecutor != null) {
            reviewExecutor.shutdownNow();
        }
    }

    /** The pod watch, null when {@code edge.kubernetes.enabled=false}. */
    PodWatch podWatch() {
        return podWatch;
    }

    /** The address the proxy listens on; null when not running. */
    public InetSocketAddress boundAddress() {
        return server == null ? null : server.boundAddress();
    }

    /** The running server, null before start. */
    ProxyServer server() {
        return server;
    }

    /** The policy gate, null before start. */
    PolicyGate gate() {
        return gate;
    }

    /** The routes, null before start. */
    RouteTable routes() {
        return routes;
    }

    /** Pod IP (when the pod watch runs), then the static CIDR map. */
    private SourceIdentityResolver identity() {
        return new IdentityChain(podWatch == null ? null : podWatch.index(),
                CidrIdentityResolver.from(config.identities()));
    }

    private RequestAuthenticator authenticator() {
        EdgeConfig.TokenReview review = config.kubernetes().tokenReview();
        if (!review.enabled()) {
            return RequestAuthenticator.NONE;
        }
        requirePositive("edge.kubernetes.token-review.cache-ttl", review.cacheTtl());
        if (review.maxEntries() < 1) {
            throw new IllegalArgumentException("edge.kubernetes.token-review.max-entries must be at least 1");
        }
        reviewExecutor = Executors.newFixedThreadPool(TOKEN_REVIEW_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "edge-token-review");
            thread.setDaemon(true);
            return thread;
        });
        return new TokenReviewAuthenticator(kubernetes.get(), reviewExecutor, review.cacheTtl(), review.maxEntries(),
                review.audiences().orElse(List.of()), podWatch == null ? null : podWatch.index(), Clock.systemUTC());
    }

    private TicketSigner tickets() {
        EdgeConfig.Ticket ticket = config.ticket();
        if (!ticket.enabled()) {
            return null;
        }
        TicketAlgorithm algorithm = parse("edge.ticket.algorithm", () -> TicketAlgorithm.parse(ticket.algorithm()));
        var keyFile = ticket.keyFile().orElseThrow(() -> new IllegalArgumentException(
                "edge.ticket.key-file must be set when edge.ticket.enabled=true"));
        return parse("edge.ticket.key-file", () -> new TicketSigner(algorithm, TicketKeys.signingKey(algorithm, keyFile),
                ticket.keyId().orElse(null), ticket.ttl(), ProxyTier.EDGE.label(), Clock.systemUTC()));
    }

    private static <T> T parse(String property, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    private void validate() {
        requirePort("edge.parent.port", config.parent().port(), 1);
        if (config.parent().host().isBlank()) {
            throw new IllegalArgumentException("edge.parent.host must not be empty");
        }
        requirePositive("edge.parent-health.interval", config.parentHealth().interval());
        requirePositive("edge.ticket.ttl", config.ticket().ttl());
        if (config.shutdown().drainTimeout().isNegative()) {
            throw new IllegalArgumentException("edge.shutdown.drain-timeout must not be negative");
        }
    }

    private static void requirePort(String property, int port, int min) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException(property + " must be " + min + "..65535, got " + port);
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
    }
}
