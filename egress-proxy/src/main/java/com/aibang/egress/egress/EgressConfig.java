package com.aibang.egress.egress;

import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyTierConfig;
import com.aibang.egress.proxy.policy.PolicyClientSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the egress proxy (tier 2); every property can be set with -D or the environment. Where it listens
 * for tier-1 proxies ({@code egress.listen.*}) and its connect, upstream and idle timeouts are declared in
 * ProxyTierConfig.
 */
@ConfigMapping(prefix = "egress")
public interface EgressConfig extends ProxyTierConfig {

    /**
     * How the policy-service is asked ({@code egress.policy.*}; names, defaults and meaning in PolicyClientSettings).
     * Reused decisions match all of the Check request but its id, resolved addresses included; the audit line says
     * decided_by=decision-cache and names the decision reused. The server-name re-check of a tunnel
     * (egress.sni.policy-recheck) goes through the same cache.
     */
    PolicyClientSettings policy();

    /** Graceful shutdown: how long open tunnels and requests in flight may finish. */
    @WithName("drain-timeout")
    @WithDefault("10s")
    Duration drainTimeout();

    /** Optional file in /etc/hosts format consulted before system DNS (tests, local runs, pinning). */
    @WithName("hosts-file")
    Optional<Path> hostsFile();

    /**
     * Source ranges (CIDR) that may open a connection at all; others are closed at accept, before any
     * HTTP is parsed, and counted. Default: the tier-1 GKE range only; local runs add loopback themselves.
     */
    @WithName("allowed-source-cidrs")
    @WithDefault("10.0.0.0/8")
    List<String> allowedSourceCidrs();

    /** Protection of the proxy itself. */
    Limits limits();

    /** SSRF guard. */
    Ssrf ssrf();

    /** Tier-1 tickets. */
    Ticket ticket();

    /** SNI check of CONNECT tunnels. */
    Sni sni();

    /** TLS on the listener. */
    Tls tls();

    /** HTTP cache for plain http:// GET responses. */
    Cache cache();

    /**
     * In-memory, LRU, size-bounded RFC 9111 subset with revalidation (see HttpCache/CacheExchange); hits still
     * pass the policy and are logged with cache=hit (or revalidated, stale).
     */
    interface Cache {
        /** Switch the cache on or off. */
        @WithDefault("true")
        boolean enabled();

        /** Total size bound in bytes; least recently used entries are evicted beyond it. */
        @WithName("max-bytes")
        @WithDefault("67108864")
        long maxBytes();

        /** Responses with larger bodies are not stored. */
        @WithName("max-entry-bytes")
        @WithDefault("1048576")
        long maxEntryBytes();
    }

    /**
     * Protection limits; each breach gets its status, an audit line and a counter. Tier 2 receives what tier 1
     * accepted plus the headers tier 1 adds (request id, ticket, Proxy-Authorization), so the head limits are
     * twice tier 1's defaults: tier 2 never refuses a head tier 1 let through.
     */
    interface Limits extends ProxyLimits.Settings {
        /** Longest request line in bytes (414 beyond); tier 1's default is 8192. */
        @WithName("max-request-line")
        @WithDefault("16384")
        int maxRequestLine();

        /** Largest header block in bytes (431 beyond); tier 1's default is 16384. */
        @WithName("max-header-size")
        @WithDefault("32768")
        int maxHeaderSize();

        /** Most header fields (431 beyond); tier 1's default is 100. */
        @WithName("max-header-count")
        @WithDefault("200")
        int maxHeaderCount();

        /** Time to receive a complete request head, TLS handshake included (408 beyond; slowloris). */
        @WithName("header-timeout")
        @WithDefault("10s")
        Duration headerTimeout();

        /** A tunnel with no bytes either way for this long is closed; above tier 1's 10m, so tier 1 closes first. */
        @WithName("tunnel-idle-timeout")
        @WithDefault("11m")
        Duration tunnelIdleTimeout();

        /**
         * Concurrent connections per source IP (429 beyond); 0 disables the limit. One tier-1 replica carries many
         * pods' connections from one address, so the default is high: it keeps one source under a tenth of the
         * VM's file descriptors (LimitNOFILE 1048576, two per proxied connection).
         */
        @WithName("max-connections-per-source")
        @WithDefault("50000")
        int maxConnectionsPerSource();
    }

    /** DNS pinning is always on; this switches the refusal of internal addresses. */
    interface Ssrf {
        /**
         * Refuse destinations resolving to loopback, private, link-local, CGNAT, unspecified, multicast,
         * ULA or embedded-IPv4 forms of those, unless the decision says {@code internal: true}.
         */
        @WithName("block-internal")
        @WithDefault("true")
        boolean blockInternal();
    }

    /**
     * Verification of the signed ticket tier 1 attaches (X-Proxy-Ticket); {@code egress.ticket.algorithm} is declared
     * in ProxyTierConfig.TicketAlgorithmSetting.
     */
    interface Ticket extends ProxyTierConfig.TicketAlgorithmSetting {
        /** Refuse (403) requests without a ticket. Needs key-file. */
        @WithDefault("false")
        boolean required();

        /** PEM public key (ES256, EdDSA) or secret file (HS256); without it tickets are not accepted. */
        @WithName("key-file")
        Optional<Path> keyFile();

        /** Tolerated clock difference between the tiers. */
        @WithName("clock-skew")
        @WithDefault("5s")
        Duration clockSkew();
    }

    /** Server-name check on the first bytes of a CONNECT tunnel (no decryption). */
    interface Sni {
        /** Check the ClientHello's server name against the CONNECT host. */
        @WithDefault("true")
        boolean enabled();

        /** Let non-TLS bytes through on port 443 (otherwise the tunnel is closed). */
        @WithName("allow-non-tls-on-443")
        @WithDefault("false")
        boolean allowNonTlsOn443();

        /** Let a ClientHello without server name through. */
        @WithName("allow-missing")
        @WithDefault("false")
        boolean allowMissing();

        /**
         * Ask the policy again once the ClientHello's server name is known (destination.sni set, resolved_ips
         * the connected address), before any byte reaches the destination; a deny or no decision closes the
         * tunnel. Only tunnels whose ClientHello names a server are asked again.
         */
        @WithName("policy-recheck")
        @WithDefault("true")
        boolean policyRecheck();

        /** Most bytes buffered while waiting for a complete ClientHello; beyond it the tunnel is closed. */
        @WithName("max-hello-bytes")
        @WithDefault("32768")
        int maxHelloBytes();
    }

    /** TLS listener: server certificate from files, optional client-certificate verification. */
    interface Tls {
        /** Serve TLS instead of plain TCP. */
        @WithDefault("false")
        boolean enabled();

        /** PEM certificate chain of the listener. */
        @WithName("cert-file")
        Optional<Path> certFile();

        /** PEM PKCS#8 private key of the listener. */
        @WithName("key-file")
        Optional<Path> keyFile();

        /** PEM CA certificates; when set, clients must present a certificate issued by one of them. */
        @WithName("client-ca-file")
        Optional<Path> clientCaFile();
    }
}
