package com.aibang.egress.egress;

import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.HostsFileResolver;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Runs the tier-2 proxy engine for the lifetime of the application. */
@ApplicationScoped
public class EgressProxy {

    @Inject
    EgressConfig config;

    @GrpcClient("policy")
    Channel policyChannel;

    private ProxyServer server;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        validate();
        // Tier 2 takes the request id from tier 1 so both tiers' decisions correlate.
        ProxySettings settings = new ProxySettings(ProxyTier.EGRESS, config.listen().host(), config.listen().port(),
                config.connectTimeout(), config.upstreamTimeout(), config.idleTimeout(), true);
        server = new ProxyServer(settings, new GrpcPolicyGate(policyChannel, config.policy().deadline()),
                SourceIdentityResolver.IP_ONLY, new DirectRoute(), resolver());
        server.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop();
        }
    }

    /** The address the proxy listens on; null when not running. */
    public InetSocketAddress boundAddress() {
        return server == null ? null : server.boundAddress();
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

    private void validate() {
        int port = config.listen().port();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("egress.listen.port must be 0..65535, got " + port);
        }
        requirePositive("egress.policy.deadline", config.policy().deadline());
        requirePositive("egress.connect-timeout", config.connectTimeout());
        requirePositive("egress.upstream-timeout", config.upstreamTimeout());
        requirePositive("egress.idle-timeout", config.idleTimeout());
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
    }
}
