package com.aibang.egress.proxy.testing;

import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxyServerOptions;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Starts a real proxy engine on a free loopback port, talking gRPC to a policy server on loopback. */
public final class TestProxies implements AutoCloseable {

    /** Test names that resolve to 127.0.0.1 without DNS; every other name fails to resolve. */
    public static final Set<String> LOOPBACK_NAMES = Set.of("allowed.test", "denied.test", "egress-denied.test",
            "xn--bcher-kva.test");

    /** Resolves only {@link #LOOPBACK_NAMES} and IP literals, so tests never leave 127.0.0.0/8. */
    public static final HostResolver LOOPBACK_RESOLVER = host -> {
        if (LOOPBACK_NAMES.contains(host) || host.equals("127.0.0.1")) {
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        }
        throw new UnknownHostException(host + " (test resolver knows only *.test loopback names)");
    };

    private final ManagedChannel policyChannel;
    private final ProxyServer server;
    private final int port;

    public TestProxies(ProxyTier tier, int policyPort, UpstreamRoute route, SourceIdentityResolver identity)
            throws InterruptedException {
        this(tier, policyPort, route, identity, Duration.ofSeconds(30));
    }

    /** With a chosen upstream timeout, for tests of silent upstreams. */
    public TestProxies(ProxyTier tier, int policyPort, UpstreamRoute route, SourceIdentityResolver identity,
            Duration upstreamTimeout) throws InterruptedException {
        this(tier, policyPort, upstreamTimeout, (gate, options) -> options.identity(identity)
                .routes(RouteTable.fixed(route)));
    }

    /**
     * A tier-2 engine that connects straight to the origin (no parent), identifies clients by IP only and waits
     * 30 s for upstreams; {@code more} shapes it further (limits, inspectors, ...).
     */
    public static TestProxies directEgress(int policyPort, Customizer more) throws InterruptedException {
        return new TestProxies(ProxyTier.EGRESS, policyPort, Duration.ofSeconds(30), (gate, options) -> {
            options.identity(SourceIdentityResolver.IP_ONLY).routes(RouteTable.fixed(new DirectRoute()));
            more.customize(gate, options);
        });
    }

    /** {@link #directEgress(int, Customizer)} with nothing more. */
    public static TestProxies directEgress(int policyPort) throws InterruptedException {
        return directEgress(policyPort, (gate, options) -> { });
    }

    /** How a test shapes its engine: the gRPC gate is given, the rest may be set or wrapped. */
    @FunctionalInterface
    public interface Customizer {
        void customize(GrpcPolicyGate grpcGate, ProxyServerOptions.Builder options);
    }

    /** An engine shaped by {@code customizer}: loopback resolver, 60 s idle timeout, IP-only identity by default. */
    public TestProxies(ProxyTier tier, int policyPort, Duration upstreamTimeout, Customizer customizer)
            throws InterruptedException {
        this(tier, policyPort, upstreamTimeout, gate -> gate, customizer);
    }

    /** As above, with the gRPC gate wrapped (e.g. in degraded mode) before the engine uses it. */
    public TestProxies(ProxyTier tier, int policyPort, Duration upstreamTimeout,
            java.util.function.UnaryOperator<PolicyGate> gateWrapper, Customizer customizer) throws InterruptedException {
        policyChannel = ManagedChannelBuilder.forAddress("127.0.0.1", policyPort).usePlaintext().build();
        ProxySettings settings = new ProxySettings(tier, "127.0.0.1", 0, Duration.ofSeconds(5), upstreamTimeout,
                Duration.ofSeconds(60), tier == ProxyTier.EGRESS);
        GrpcPolicyGate grpcGate = new GrpcPolicyGate(policyChannel, Duration.ofSeconds(5));
        ProxyServerOptions.Builder options = ProxyServerOptions.builder(settings, gateWrapper.apply(grpcGate))
                .resolver(LOOPBACK_RESOLVER);
        customizer.customize(grpcGate, options);
        server = new ProxyServer(options.build());
        port = server.start().getPort();
    }

    public ProxyServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
        policyChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
