package com.aibang.egress.edge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configuration of the edge proxy (tier 1); every property can be set with -D or the environment. */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig {

    /** Where the proxy listens for pods. */
    Listen listen();

    /** The tier-2 proxy all allowed traffic is sent to. */
    Parent parent();

    /** How the policy-service is asked. */
    Policy policy();

    /** TCP connect timeout towards the parent proxy. */
    @WithName("connect-timeout")
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence from the parent while a response (or CONNECT answer) is awaited; then 504. */
    @WithName("upstream-timeout")
    @WithDefault("60s")
    Duration upstreamTimeout();

    /** Idle client connections and idle tunnels are closed after this long. */
    @WithName("idle-timeout")
    @WithDefault("120s")
    Duration idleTimeout();

    /**
     * Static identity map: CIDR (quoted key, e.g. {@code edge.identities."10.4.0.0/16".namespace}) to the
     * identity of callers from that range. The most specific CIDR wins; unknown callers get only their IP.
     */
    Map<String, Identity> identities();

    /** Listen address. */
    interface Listen {
        /** Address to bind. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port to bind; 0 picks a free port. */
        @WithDefault("3128")
        int port();
    }

    /** Parent proxy (tier 2). */
    interface Parent {
        /** Host name or IP of the parent proxy. */
        @WithDefault("127.0.0.1")
        String host();

        /** Port of the parent proxy. */
        @WithDefault("3129")
        int port();
    }

    /** Policy check settings. */
    interface Policy {
        /** Deadline of one Check call; past it the request is refused with 503. */
        @WithDefault("500ms")
        Duration deadline();
    }

    /** Identity of callers from one CIDR. */
    interface Identity {
        /** Kubernetes namespace of the callers. */
        String namespace();

        /** Service account of the callers. */
        @WithName("service-account")
        Optional<String> serviceAccount();

        /** Pod labels of the callers. */
        Map<String, String> labels();
    }
}
