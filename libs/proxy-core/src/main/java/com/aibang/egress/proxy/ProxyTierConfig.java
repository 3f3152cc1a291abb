package com.aibang.egress.proxy;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings both tiers' configurations ({@code edge.*}, {@code egress.*}) share, with their names and defaults
 * declared once here; EdgeConfig and EgressConfig extend it and {@link ProxySettings#from} reads it. SmallRye Config
 * reads the annotations of these methods in the tiers' mappings.
 */
public interface ProxyTierConfig {

    /** Default of {@link #connectTimeout()}, in seconds (also {@link ProxySettings#defaults}). */
    long CONNECT_TIMEOUT_SECONDS = 5;
    /** Default of {@link #upstreamTimeout()}, in seconds. */
    long UPSTREAM_TIMEOUT_SECONDS = 60;
    /** Default of {@link #idleTimeout()}, in seconds. */
    long IDLE_TIMEOUT_SECONDS = 120;
    /** Default of {@link Splice#pipeBytes()}: the kernel's default maximum for unprivileged users (fs.pipe-max-size). */
    int SPLICE_PIPE_BYTES = 1 << 20;
    /** Default of {@link Splice#pipeBudgetBytes()}: 16 enlarged pipes of the default size at once. */
    long SPLICE_PIPE_BUDGET_BYTES = 16L << 20;
    /** Default of {@link Splice#readBatchBytes()}: two pipes' worth (a wake-up per ~2 MiB of a TLS download). */
    int SPLICE_READ_BATCH_BYTES = 2 << 20;
    /** Default of {@link Splice#readBatchHold()}, in milliseconds. */
    long SPLICE_READ_BATCH_HOLD_MILLIS = 2;

    /** Where the proxy listens: tier 1 for pods, tier 2 for tier-1 proxies. */
    Listen listen();

    /**
     * TCP connect timeout towards the next hop: at tier 1 a parent proxy (the default of each pool's
     * {@code edge.parents.<pool>.connect-timeout}), at tier 2 the destination.
     */
    @WithName("connect-timeout")
    @WithDefault(CONNECT_TIMEOUT_SECONDS + "s")
    Duration connectTimeout();

    /**
     * Longest silence from the next hop (tier 1: the parent, tier 2: the destination) while a response (or, at
     * tier 1, a CONNECT answer) is awaited; then 504.
     */
    @WithName("upstream-timeout")
    @WithDefault(UPSTREAM_TIMEOUT_SECONDS + "s")
    Duration upstreamTimeout();

    /** Idle client connections (between requests) are closed after this long; see limits.tunnel-idle-timeout. */
    @WithName("idle-timeout")
    @WithDefault(IDLE_TIMEOUT_SECONDS + "s")
    Duration idleTimeout();

    /**
     * Event loop threads serving client and upstream connections (the event-loop policy client runs on them too);
     * 0 = one per available processor ({@code -Dio.netty.eventLoopThreads} when set). One loop wakes once per batch
     * of ready connections where two loops each wake for their share: fewer context switches per new connection
     * on small machines shared with other processes, at the price of one core at most for this proxy.
     */
    @WithName("event-loop-threads")
    @WithDefault("0")
    int eventLoopThreads();

    /** The pipes bulk tunnels and response bodies are spliced through ({@code <tier>.splice.*}). */
    Splice splice();

    /**
     * TCP congestion control of this proxy's own connections, client and upstream side (e.g. {@code reno});
     * unset keeps the system default. For hosts running bbr without the fq qdisc: see http/TcpCongestion.
     */
    @WithName("tcp-congestion-control")
    Optional<String> tcpCongestionControl();

    /** Listen address. */
    interface Listen {
        /** Address to bind. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port to bind; 0 picks a free port. */
        @WithDefault("3128")
        int port();
    }

    /**
     * Splice pipe sizes. The kernel charges pipe capacity to the user, and once a user passes
     * {@code /proc/sys/fs/pipe-user-pages-soft} (64 MiB by default) every new pipe of that user shrinks to two pages;
     * the budget keeps this process well below that. Enlarging needs the JVM flags of k8s/gce/java-native-flags.sh;
     * without them pipes keep the kernel's 64 KiB. One setting per process (the last proxy started in a JVM sets it).
     */
    interface Splice {
        /** Bytes per splice pipe (the kernel rounds up to a power of two of pages); 0 keeps the kernel's default. */
        @WithName("pipe-bytes")
        @WithDefault("" + SPLICE_PIPE_BYTES)
        int pipeBytes();

        /** Most bytes of enlarged pipes open at once; past it new pipes keep the kernel's default size. */
        @WithName("pipe-budget-bytes")
        @WithDefault("" + SPLICE_PIPE_BUDGET_BYTES)
        long pipeBudgetBytes();

        /**
         * While a spliced tunnel direction carries bulk (reads close together and large), its socket reports itself
         * readable only once this much is queued (SO_RCVLOWAT), so the relay wakes once per batch instead of once per
         * TLS record; 0 turns it off. See http/SpliceReadBatching.
         */
        @WithName("read-batch-bytes")
        @WithDefault("" + SPLICE_READ_BATCH_BYTES)
        int readBatchBytes();

        /** How long a raised mark stays: the longest a piece arriving right after a bulk read waits. */
        @WithName("read-batch-hold")
        @WithDefault(SPLICE_READ_BATCH_HOLD_MILLIS + "ms")
        Duration readBatchHold();
    }

    /** The ticket algorithm, the same setting at both ends: tier 1 signs with it, tier 2 verifies with it. */
    interface TicketAlgorithmSetting {
        /** {@code ES256}, {@code EdDSA} or {@code HS256}; tier 2's must match tier 1's edge.ticket.algorithm. */
        @WithDefault("ES256")
        String algorithm();
    }
}
