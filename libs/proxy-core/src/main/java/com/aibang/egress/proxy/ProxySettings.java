package com.aibang.egress.proxy;

import java.time.Duration;

/**
 * Network settings of one proxy engine.
 *
 * @param tier which tier this engine is
 * @param listenHost address to listen on
 * @param listenPort port to listen on, 0 for any free port
 * @param connectTimeout TCP connect timeout towards destination or parent
 * @param upstreamTimeout longest silence from destination or parent while a response is awaited
 * @param idleTimeout idle client connections and tunnels are closed after this long
 * @param trustIncomingRequestId take the request id from {@code X-Proxy-Request-Id} (tier 2) instead of generating one
 */
public record ProxySettings(ProxyTier tier, String listenHost, int listenPort, Duration connectTimeout,
        Duration upstreamTimeout, Duration idleTimeout, boolean trustIncomingRequestId) {

    public ProxySettings {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 0..65535, got " + listenPort);
        }
        requirePositive("connect timeout", connectTimeout);
        requirePositive("upstream timeout", upstreamTimeout);
        requirePositive("idle timeout", idleTimeout);
    }

    /** Defaults for a tier: edge generates request ids, egress takes them from its caller. */
    public static ProxySettings defaults(ProxyTier tier, String listenHost, int listenPort) {
        return new ProxySettings(tier, listenHost, listenPort, Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(120), tier == ProxyTier.EGRESS);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
