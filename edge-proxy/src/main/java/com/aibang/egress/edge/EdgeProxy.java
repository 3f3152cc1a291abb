package com.aibang.egress.edge;

import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.ParentProxyRoute;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Runs the tier-1 proxy engine for the lifetime of the application. */
@ApplicationScoped
public class EdgeProxy {

    @Inject
    EdgeConfig config;

    @GrpcClient("policy")
    Channel policyChannel;

    private ProxyServer server;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        validate();
        ProxySettings settings = new ProxySettings(ProxyTier.EDGE, config.listen().host(), config.listen().port(),
                config.connectTimeout(), config.upstreamTimeout(), config.idleTimeout(), false);
        server = new ProxyServer(settings, new GrpcPolicyGate(policyChannel, config.policy().deadline()),
                CidrIdentityResolver.from(config.identities()),
                new ParentProxyRoute(config.parent().host(), config.parent().port()), HostResolver.SYSTEM);
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

    private void validate() {
        requirePort("edge.listen.port", config.listen().port(), 0);
        requirePort("edge.parent.port", config.parent().port(), 1);
        if (config.parent().host().isBlank()) {
            throw new IllegalArgumentException("edge.parent.host must not be empty");
        }
        requirePositive("edge.policy.deadline", config.policy().deadline());
        requirePositive("edge.connect-timeout", config.connectTimeout());
        requirePositive("edge.upstream-timeout", config.upstreamTimeout());
        requirePositive("edge.idle-timeout", config.idleTimeout());
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
