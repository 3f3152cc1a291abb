package com.aibang.egress.edge;

import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyTierConfig;
import com.aibang.egress.proxy.policy.PolicyClientSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the edge proxy (tier 1); every property can be set with -D or the environment. Where it listens
 * for pods ({@code edge.listen.*}) and its connect, upstream and idle timeouts are declared in ProxyTierConfig.
 */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig extends ProxyTierConfig {

    /** Shorthand for a pool named {@code default} with this one parent, used when {@code edge.parents.default} is not set. */
    Parent parent();

    /** Named parent pools ({@code edge.parents.<pool>.*}); a decision's {@code route} selects one. */
    Map<String, ParentPoolConfig> parents();

    /** How decisions' routes map to pools. */
    Routing routing();

    /** Active health checks of parents. */
    @WithName("parent-health")
    ParentHealth parentHealth();

    /** How the policy-service is asked ({@code edge.policy.*}; names, defaults and meaning in PolicyClientSettings). */
    PolicyClientSettings policy();

    /** Protection of the proxy itself. */
    Limits limits();

    /** Access log. */
    @WithName("access-log")
    AccessLogConfig accessLog();

    /** Graceful shutdown. */
    Shutdown shutdown();

    /** Signed ticket attached to every request and CONNECT sent to a parent. */
    Ticket ticket();

    /** Bounded degraded mode when the policy-service is unreachable. */
    Degraded degraded();

    /** Identity from the Kubernetes API (pod watch, TokenReview); off by default so local runs need no cluster. */
    Kubernetes kubernetes();

    /**
     * Static identity map: CIDR (quoted key, e.g. {@code edge.identities."10.4.0.0/16".namespace}) to the
     * identity of callers from that range. The most specific CIDR wins; unknown callers get only their IP.
     */
    Map<String, Identity> identities();

    /** Single parent proxy (tier 2), shorthand for pool {@code default}. */
    interface Parent {
        /** Host name or IP of the parent proxy. */
        @WithDefault("127.0.0.1")
        String host();

        /** Port of the parent proxy. */
        @WithDefault("3129")
        int port();
    }

    /** One named pool of parents (Squid cache_peer parity). */
    interface ParentPoolConfig {
        /** Parents as {@code host:port} or {@code host:port;weight=N}, comma separated. */
        List<String> members();

        /** TCP connect (and TLS handshake) timeout per parent; default {@code edge.connect-timeout}. */
        @WithName("connect-timeout")
        Optional<Duration> connectTimeout();

        /** Consecutive connection failures after which a parent is marked down until a health check passes. */
        @WithName("failure-threshold")
        @WithDefault("1")
        int failureThreshold();

        /** User for Basic {@code Proxy-Authorization} towards the parents. */
        Optional<String> username();

        /** Password for Basic {@code Proxy-Authorization} towards the parents. */
        Optional<String> password();

        /** TLS towards the parents. */
        Tls tls();
    }

    /** TLS towards a pool's parents. */
    interface Tls {
        /** Speak TLS to the parents. */
        @WithDefault("false")
        boolean enabled();

        /** PEM file of CA certificates to trust; the JDK's trust store when absent. */
        @WithName("trust-certificates")
        Optional<Path> trustCertificates();

        /** PEM client certificate chain presented to the parents (tier 2 may require one); needs client-key. */
        @WithName("client-certificate")
        Optional<Path> clientCertificate();

        /** PEM PKCS#8 private key of client-certificate. */
        @WithName("client-key")
        Optional<Path> clientKey();
    }

    /** Route selection. */
    interface Routing {
        /** Pool used when a decision names no route. */
        @WithName("default-route")
        @WithDefault("default")
        String defaultRoute();

        /** Whether a decision may send traffic {@code direct} from tier 1 (bypassing tier 2). */
        @WithName("direct-allowed")
        @WithDefault("false")
        boolean directAllowed();
    }

    /** Active parent health checks. */
    interface ParentHealth {
        /** Every parent is probed (TCP connect, TLS handshake where configured) this often. */
        @WithDefault("5s")
        Duration interval();
    }

    /** Protection limits; each breach gets its status, an access line and a counter. */
    interface Limits extends ProxyLimits.Settings {
        /** Longest request line in bytes (414 beyond). */
        @WithName("max-request-line")
        @WithDefault("8192")
        int maxRequestLine();

        /** Largest header block in bytes (431 beyond). */
        @WithName("max-header-size")
        @WithDefault("16384")
        int maxHeaderSize();

        /** Most header fields (431 beyond). */
        @WithName("max-header-count")
        @WithDefault("100")
        int maxHeaderCount();

        /** Time to receive a complete request head (408 beyond; slowloris). */
        @WithName("header-timeout")
        @WithDefault("10s")
        Duration headerTimeout();

        /** An established tunnel with no bytes either way for this long is closed. */
        @WithName("tunnel-idle-timeout")
        @WithDefault("10m")
        Duration tunnelIdleTimeout();

        /** Concurrent client connections per source IP (429 beyond); 0 disables the limit. */
        @WithName("max-connections-per-source")
        @WithDefault("256")
        int maxConnectionsPerSource();
    }

    /** Access log lines (category {@code com.aibang.egress.proxy.access}). */
    interface AccessLogConfig {
        /** {@code json} (one JSON object per line) or {@code squid} (Squid's native format). */
        @WithDefault("json")
        String format();
    }

    /** Graceful shutdown. */
    interface Shutdown {
        /**
         * After accepting stops, open tunnels and requests in flight get this long to finish; keep it below the
         * pod's terminationGracePeriodSeconds (30 s by default) so the drain ends before Kubernetes kills the pod.
         */
        @WithName("drain-timeout")
        @WithDefault("20s")
        Duration drainTimeout();
    }

    /** Ticket (JWS) to tier 2; {@code edge.ticket.algorithm} is declared in ProxyTierConfig.TicketAlgorithmSetting. */
    interface Ticket extends ProxyTierConfig.TicketAlgorithmSetting {
        /** Attach {@code X-Proxy-Ticket} to everything sent to a parent. */
        @WithDefault("false")
        boolean enabled();

        /** PKCS#8 PEM private key (ES256, EdDSA) or file holding the shared secret (HS256, 32+ bytes). */
        @WithName("key-file")
        Optional<Path> keyFile();

        /** Optional {@code kid} header, so tier 2 can pick the key during rotation. */
        @WithName("key-id")
        Optional<String> keyId();

        /** Lifetime of each ticket. */
        @WithDefault("30s")
        Duration ttl();
    }

    /** Degraded mode; off by default (fail closed). */
    interface Degraded {
        /** Reuse recent allows while the policy-service is unreachable. */
        @WithDefault("false")
        boolean enabled();

        /** How long an allow may be reused. */
        @WithDefault("5m")
        Duration window();

        /** Most identity+destination pairs remembered. */
        @WithName("max-entries")
        @WithDefault("10000")
        int maxEntries();
    }

    /** Kubernetes identity sources; the API server comes from {@code quarkus.kubernetes-client.*} or in-cluster config. */
    interface Kubernetes {
        /** Watch pods and identify callers by pod IP; the proxy is not ready before the first sync. */
        @WithName("enabled")
        @WithDefault("false")
        boolean podWatch();

        /** Namespaces whose pods are watched; all namespaces when empty. */
        Optional<List<String>> namespaces();

        /** Bearer service-account tokens in {@code Proxy-Authorization}, checked with TokenReview. */
        @WithName("token-review")
        TokenReview tokenReview();
    }

    /** TokenReview of bearer tokens; takes precedence over the pod IP and the CIDR map. */
    interface TokenReview {
        /** Accept {@code Proxy-Authorization: Bearer <token>}; works without the pod watch. */
        @WithDefault("false")
        boolean enabled();

        /** How long a review's result (valid or not) is reused for the same token. */
        @WithName("cache-ttl")
        @WithDefault("60s")
        Duration cacheTtl();

        /** Most cached reviews. */
        @WithName("max-entries")
        @WithDefault("10000")
        int maxEntries();

        /** Audiences the token must be valid for; the API server's default when empty. */
        Optional<List<String>> audiences();
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
