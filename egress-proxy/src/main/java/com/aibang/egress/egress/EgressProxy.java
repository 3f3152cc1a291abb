package com.aibang.egress.egress;

import com.aibang.egress.egress.sni.SniCheck;
import com.aibang.egress.proxy.ListenerSecurity;
import com.aibang.egress.proxy.ProcessWideSettings;
import com.aibang.egress.proxy.ProxyEventLoops;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxyServerOptions;
import com.aibang.egress.proxy.ProxyShutdown;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.cache.CacheMeters;
import com.aibang.egress.proxy.cache.HttpCache;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import com.aibang.egress.proxy.policy.PolicyClient;
import com.aibang.egress.proxy.ticket.TicketAlgorithm;
import com.aibang.egress.proxy.ticket.TicketKeys;
import com.aibang.egress.proxy.ticket.TicketVerifier;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.HostsFileResolver;
import io.grpc.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Runs the tier-2 proxy engine for the lifetime of the application. */
@ApplicationScoped
public class EgressProxy {

    @Inject
    EgressConfig config;

    @Inject
    MeterRegistry registry;

    @GrpcClient("policy")
    Channel policyChannel;

    /** Where the policy-service listens: the same properties Quarkus' gRPC client reads. */
    @ConfigProperty(name = "quarkus.grpc.clients.policy.host", defaultValue = "localhost")
    String policyHost;

    @ConfigProperty(name = "quarkus.grpc.clients.policy.port", defaultValue = "9000")
    int policyPort;

    /** Quarkus' client dials this port instead in test mode; so does ours. */
    @ConfigProperty(name = "quarkus.grpc.clients.policy.test-port")
    Optional<Integer> policyTestPort;

    @ConfigProperty(name = "quarkus.grpc.clients.policy.plain-text", defaultValue = "false")
    boolean policyPlainText;

    private ProxyServer server;
    private ProxyMetrics metrics;
    private ProxyEventLoops loops;
    private PolicyClient policy;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        // Tier 2 takes the request id from tier 1 so both tiers' decisions correlate.
        ProxySettings settings = ProxySettings.from("egress", ProxyTier.EGRESS, config);
        ProcessWideSettings.apply("egress", config);
        metrics = new ProxyMetrics(registry, ProxyTier.EGRESS);
        loops = ProxyEventLoops.create(config.eventLoopThreads());
        policy = policyClient();
        EgressConfig.Sni sni = config.sni();
        ProxyServerOptions options = ProxyServerOptions
                .builder(settings, policy.gate())
                .resolver(resolver())
                .authenticator(new TicketAuthenticator(ticketVerifier(), config.ticket().required()))
                .guard(config.ssrf().blockInternal() ? ProxyServerOptions.GuardMode.PIN_AND_BLOCK_INTERNAL
                        : ProxyServerOptions.GuardMode.PIN_ONLY)
                .inspector(sni.enabled() ? new SniCheck(metrics, sni.allowNonTlsOn443(), sni.allowMissing(),
                        sni.maxHelloBytes(), sni.policyRecheck() ? policy.gate() : null) : null)
                .listener(new ListenerSecurity(SourceRanges.parse(config.allowedSourceCidrs()), serverTls()))
                .limits(limits(config.limits()))
                .metrics(metrics)
                .cache(httpCache())
                .drainTimeout(config.drainTimeout())
                // The policy client keeps the decision cache (with its reuse reports); the server adds none.
                .decisionCache(false, config.policy().decisionCache().maxEntries())
                .eventLoops(loops)
                .build();
        server = new ProxyServer(options);
        server.start();
    }

    /**
     * From egress.policy.*. The server-name re-check asks the same gate (behind the decision cache), so a re-check
     * the policy made reusable is not asked again.
     */
    private PolicyClient policyClient() {
        int port = LaunchMode.current() == LaunchMode.TEST ? policyTestPort.orElse(policyPort) : policyPort;
        return PolicyClient.create("egress.policy", config.policy(),
                new PolicyClient.Endpoint(policyHost, port, policyPlainText),
                policyChannel, loops, metrics, ProxyTier.EGRESS, grpc -> grpc);
    }

    void onStop(@Observes ShutdownEvent event) {
        ProxyShutdown.stop(server, policy, loops);
    }

    /** The address the proxy listens on; null when not running. */
    public InetSocketAddress boundAddress() {
        return server == null ? null : server.boundAddress();
    }

    /** The policy gate; null before start. */
    public GrpcPolicyGate gate() {
        return policy == null ? null : policy.grpc();
    }

    /** The event loops the proxy and (with the event-loop client) the policy client run on; null before start. */
    ProxyEventLoops eventLoops() {
        return loops;
    }

    /** The engine's meters (also in the Quarkus registry, /q/metrics). */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** The engine's limits from {@code egress.limits.*}; a bad value stops startup naming the group. */
    static ProxyLimits limits(EgressConfig.Limits limits) {
        return ProxyLimits.from("egress.limits", limits);
    }

    private HttpCache httpCache() {
        if (!config.cache().enabled()) {
            return null;
        }
        HttpCache cache;
        try {
            cache = new HttpCache(config.cache().maxBytes(), config.cache().maxEntryBytes(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("egress.cache: " + e.getMessage(), e);
        }
        CacheMeters.bind(cache, registry, ProxyTier.EGRESS.label());
        return cache;
    }

    private HostResolver resolver() {
        return config.hostsFile().map(file -> {
            try {
                return (HostResolver) HostsFileResolver.load(file, HostResolver.SYSTEM);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("egress.hosts-file: " + e.getMessage(), e);
            }
        }).orElse(HostResolver.SYSTEM);
    }

    private TicketVerifier ticketVerifier() {
        EgressConfig.Ticket ticket = config.ticket();
        if (ticket.keyFile().isEmpty()) {
            if (ticket.required()) {
                throw new IllegalArgumentException("egress.ticket.required=true needs egress.ticket.key-file");
            }
            return null;
        }
        try {
            TicketAlgorithm algorithm = TicketAlgorithm.parse(ticket.algorithm());
            return new TicketVerifier(algorithm, TicketKeys.verificationKey(algorithm, ticket.keyFile().get()),
                    ticket.clockSkew(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("egress.ticket: " + e.getMessage(), e);
        }
    }

    private SslContext serverTls() {
        EgressConfig.Tls tls = config.tls();
        if (!tls.enabled()) {
            return null;
        }
        Path cert = tls.certFile().orElseThrow(() -> new IllegalArgumentException(
                "egress.tls.enabled=true needs egress.tls.cert-file"));
        Path key = tls.keyFile().orElseThrow(() -> new IllegalArgumentException(
                "egress.tls.enabled=true needs egress.tls.key-file"));
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), key.toFile());
            tls.clientCaFile().ifPresent(ca -> builder.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE));
            return builder.build();
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("egress.tls: cannot build the TLS context: " + e.getMessage(), e);
        }
    }
}
