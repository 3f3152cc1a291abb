package com.aibang.egress.egress;

import com.aibang.egress.egress.sni.SniCheck;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.ListenerSecurity;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxyServerOptions;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.HostsFileResolver;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A tier-2 engine wired like {@link EgressProxy} (SSRF guard, SNI check, source ranges, tickets), with a
 * real gRPC policy double and a hosts file, on loopback; tests change one part through the builder hook.
 */
final class Tier2 implements AutoCloseable {

    final PolicyServerDouble policy;
    final ProxyMetrics metrics = ProxyMetrics.inMemory(ProxyTier.EGRESS);
    final ProxyServer server;
    /** The gate of the engine and of the SNI check's second question. */
    final GrpcPolicyGate gate;
    private final ManagedChannel channel;
    private final Path hosts;

    Tier2(Function<CheckRequest, CheckResponse> rules, String hostsFile, Consumer<ProxyServerOptions.Builder> custom)
            throws Exception {
        policy = new PolicyServerDouble(rules).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", policy.port()).usePlaintext().build();
        hosts = Files.createTempFile("tier2-hosts", ".txt");
        Files.writeString(hosts, hostsFile);
        gate = new GrpcPolicyGate(channel, Duration.ofSeconds(30));
        ProxyServerOptions.Builder builder = ProxyServerOptions
                .builder(ProxySettings.defaults(ProxyTier.EGRESS, "127.0.0.1", 0), gate)
                .resolver(HostsFileResolver.load(hosts, HostResolver.SYSTEM))
                .authenticator(new TicketAuthenticator(null, false))
                .guard(ProxyServerOptions.GuardMode.PIN_AND_BLOCK_INTERNAL)
                .inspector(new SniCheck(metrics, false, false, 32768, gate))
                .listener(new ListenerSecurity(SourceRanges.parse(List.of("127.0.0.0/8")), null))
                .metrics(metrics)
                .drainTimeout(Duration.ZERO);
        custom.accept(builder);
        server = new ProxyServer(builder.build());
        server.start();
    }

    int port() {
        return server.boundAddress().getPort();
    }

    /** Allows everything; destinations in {@code internal} come back marked internal. */
    static Function<CheckRequest, CheckResponse> allow(Set<String> internal) {
        return request -> CheckResponse.newBuilder().setAllow(true).setReason("allowed by test")
                .setDecisionId("t2-" + request.getRequestId())
                .setInternal(internal.contains(request.getDestination().getHost())).build();
    }

    double counter(String name) {
        return metrics.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() throws Exception {
        server.stop(Duration.ZERO);
        channel.shutdownNow();
        policy.close();
        Files.deleteIfExists(hosts);
    }
}
