package com.aibang.egress.edge;

import com.aibang.egress.proxy.ticket.TicketSigner;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.ParentMember;
import com.aibang.egress.proxy.upstream.ParentPool;
import com.aibang.egress.proxy.upstream.ParentProxyRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Builds the edge's routes from {@code edge.parents.*}, {@code edge.parent.*} and {@code edge.routing.*}. */
final class ParentPools {

    /** Pool that {@code edge.parent.host/port} stands for. */
    static final String DEFAULT_POOL = "default";

    private ParentPools() {
    }

    /**
     * @throws IllegalArgumentException naming the offending property
     */
    static RouteTable routes(EdgeConfig config, TicketSigner tickets) {
        Map<String, EdgeConfig.ParentPoolConfig> configured = new LinkedHashMap<>(config.parents());
        List<UpstreamRoute> routes = new ArrayList<>();
        if (!configured.containsKey(DEFAULT_POOL)) {
            routes.add(new ParentProxyRoute(new ParentPool(DEFAULT_POOL,
                    List.of(new ParentMember(config.parent().host(), config.parent().port(), 1)),
                    config.connectTimeout(), null, null, 1), tickets));
        }
        configured.forEach((name, pool) -> routes.add(new ParentProxyRoute(pool(name, pool, config), tickets)));
        if (config.routing().directAllowed()) {
            if (configured.containsKey(DirectRoute.NAME)) {
                throw new IllegalArgumentException("edge.parents." + DirectRoute.NAME + ": '" + DirectRoute.NAME
                        + "' is reserved for direct connections");
            }
            routes.add(new DirectRoute());
        }
        try {
            return RouteTable.of(routes, config.routing().defaultRoute());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("edge.routing.default-route: " + e.getMessage(), e);
        }
    }

    private static ParentPool pool(String name, EdgeConfig.ParentPoolConfig pool, EdgeConfig config) {
        String prefix = "edge.parents." + name;
        try {
            List<ParentMember> members = new ArrayList<>();
            for (String member : pool.members()) {
                members.add(ParentMember.parse(member));
            }
            String authorization = null;
            if (pool.username().isPresent() != pool.password().isPresent()) {
                throw new IllegalArgumentException("username and password must be set together");
            }
            if (pool.username().isPresent()) {
                authorization = ParentPool.basicAuthorization(pool.username().get(), pool.password().get());
            }
            return new ParentPool(name, members, pool.connectTimeout().orElse(config.connectTimeout()), authorization,
                    tls(pool.tls()), pool.failureThreshold());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
        }
    }

    private static SslContext tls(EdgeConfig.Tls tls) {
        if (!tls.enabled()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            tls.trustCertificates().ifPresent(file -> builder.trustManager(file.toFile()));
            if (tls.clientCertificate().isPresent() != tls.clientKey().isPresent()) {
                throw new IllegalArgumentException("client-certificate and client-key must be set together");
            }
            if (tls.clientCertificate().isPresent()) {
                builder.keyManager(tls.clientCertificate().get().toFile(), tls.clientKey().get().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls: cannot build TLS context: " + e.getMessage(), e);
        }
    }
}
