package com.aibang.egress.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the egress proxy (tier 2); every property can be set with -D or the environment. */
@ConfigMapping(prefix = "egress")
public interface EgressConfig {

    /** Where the proxy listens for tier-1 proxies. */
    Listen listen();

    /** How the policy-service is asked. */
    Policy policy();

    /** TCP connect timeout towards destinations. */
    @WithName("connect-timeout")
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence from a destination while a response is awaited; then 504. */
    @WithName("upstream-timeout")
    @WithDefault("60s")
    Duration upstreamTimeout();

    /** Idle client connections and idle tunnels are closed after this long. */
    @WithName("idle-timeout")
    @WithDefault("120s")
    Duration idleTimeout();

    /** Optional file in /etc/hosts format consulted before system DNS (tests, local runs, pinning). */
    @WithName("hosts-file")
    Optional<Path> hostsFile();

    /** Listen address. */
    interface Listen {
        /** Address to bind. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port to bind; 0 picks a free port. */
        @WithDefault("3128")
        int port();
    }

    /** Policy check settings. */
    interface Policy {
        /** Deadline of one Check call; past it the request is refused with 503. */
        @WithDefault("500ms")
        Duration deadline();
    }
}
