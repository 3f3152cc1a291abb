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

    /** Defaults for a tier (those of {@link ProxyTierConfig}); edge makes request ids, egress takes its caller's. */
    public static ProxySettings defaults(ProxyTier tier, String listenHost, int listenPort) {
        return new ProxySettings(tier, listenHost, listenPort,
                Duration.ofSeconds(ProxyTierConfig.CONNECT_TIMEOUT_SECONDS),
                Duration.ofSeconds(ProxyTierConfig.UPSTREAM_TIMEOUT_SECONDS),
                Duration.ofSeconds(ProxyTierConfig.IDLE_TIMEOUT_SECONDS), trustsIncomingRequestId(tier));
    }

    /**
     * The settings a tier's configuration sets under {@code prefix} (e.g. {@code edge}); a bad value is refused
     * naming its property (e.g. {@code edge.listen.port}).
     */
    public static ProxySettings from(String prefix, ProxyTier tier, ProxyTierConfig config) {
        int port = config.listen().port();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(prefix + ".listen.port must be 0..65535, got " + port);
        }
        requirePositive(prefix + ".connect-timeout", config.connectTimeout());
        requirePositive(prefix + ".upstream-timeout", config.upstreamTimeout());
        requirePositive(prefix + ".idle-timeout", config.idleTimeout());
        if (config.eventLoopThreads() < 0) {
            // Read by the tier when it makes its event loops, checked here with the rest of the shared settings.
            throw new IllegalArgumentException(prefix + ".event-loop-threads must be 0 (one per processor) or more, got "
                    + config.eventLoopThreads());
        }
        return new ProxySettings(tier, config.listen().host(), port, config.connectTimeout(), config.upstreamTimeout(),
                config.idleTimeout(), trustsIncomingRequestId(tier));
    }

    /** Tier 2 takes the request id from tier 1 so both tiers' decisions correlate. */
    private static boolean trustsIncomingRequestId(ProxyTier tier) {
        return tier == ProxyTier.EGRESS;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
