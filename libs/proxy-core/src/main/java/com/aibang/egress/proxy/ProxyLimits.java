package com.aibang.egress.proxy;

import java.time.Duration;

/**
 * Protection of the proxy itself; each breach is answered with its own status, logged and counted.
 *
 * @param maxRequestLineLength longest request line (414 beyond)
 * @param maxHeaderSize largest request header block in bytes (431 beyond)
 * @param maxHeaderCount most request header fields (431 beyond)
 * @param headerTimeout time allowed to receive a complete request head once it started, and the first
 *        one after connecting (408 beyond; slowloris)
 * @param tunnelIdleTimeout an established tunnel with no bytes either way for this long is closed
 * @param maxConnectionsPerSource concurrent client connections per source IP (429 beyond); 0 = no limit
 */
public record ProxyLimits(int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount, Duration headerTimeout,
        Duration tunnelIdleTimeout, int maxConnectionsPerSource) {

    /** Limit names in logs and the {@code limit} tag of the breach counter. */
    public static final String REQUEST_LINE = "request-line";
    public static final String HEADER_SIZE = "header-size";
    public static final String HEADER_COUNT = "header-count";
    public static final String HEADER_TIMEOUT = "header-timeout";
    public static final String TUNNEL_IDLE = "tunnel-idle";
    public static final String CONNECTIONS_PER_SOURCE = "connections-per-source";

    /**
     * The limits as each tier's configuration group declares them ({@code edge.limits.*},
     * {@code egress.limits.*}); the tiers' config interfaces extend it and keep their own defaults.
     */
    public interface Settings {
        int maxRequestLine();

        int maxHeaderSize();

        int maxHeaderCount();

        Duration headerTimeout();

        Duration tunnelIdleTimeout();

        int maxConnectionsPerSource();
    }

    public ProxyLimits {
        requireAtLeast("max request line length", maxRequestLineLength, 64);
        requireAtLeast("max header size", maxHeaderSize, 256);
        requireAtLeast("max header count", maxHeaderCount, 1);
        requireAtLeast("max connections per source", maxConnectionsPerSource, 0);
        requirePositive("header timeout", headerTimeout);
        requirePositive("tunnel idle timeout", tunnelIdleTimeout);
    }

    /**
     * Defaults: 8 KiB line, 16 KiB / 100 headers, 10 s for a head, 10 min idle tunnel, no per-source
     * connection limit (tier 2 sees all traffic from a few tier-1 addresses; tier 1 configures its own).
     */
    public static ProxyLimits defaults() {
        return new ProxyLimits(8192, 16384, 100, Duration.ofSeconds(10), Duration.ofMinutes(10), 0);
    }

    /** The limits a configuration group sets; a bad value is refused naming the group (e.g. {@code egress.limits}). */
    public static ProxyLimits from(String group, Settings settings) {
        try {
            return new ProxyLimits(settings.maxRequestLine(), settings.maxHeaderSize(), settings.maxHeaderCount(),
                    settings.headerTimeout(), settings.tunnelIdleTimeout(), settings.maxConnectionsPerSource());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(group + ": " + e.getMessage(), e);
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
