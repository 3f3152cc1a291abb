package com.aibang.egress.proxy.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;

/**
 * Buffers of every proxy connection (client side and upstream side), set by the pipeline initializers before
 * the first read: a pooled allocator of our own and a {@link RelayReadAllocator} per channel; also where the
 * connection gets the configured TCP congestion control ({@link TcpCongestion}).
 *
 * <p>Why our own pool: Quarkus sets Netty's default chunk to 64 KiB ({@code io.netty.allocator.maxOrder=3}),
 * exactly one 64 KiB read buffer, and buffers that large skip the per-thread cache; so every bulk read made
 * (and zeroed) a new chunk and freed it again. 1 MiB chunks hold 16 such buffers and stay allocated.
 */
public final class ConnectionBuffers {

    /** log2 of the chunk size in pages: 8 KiB pages << 7 = 1 MiB. */
    private static final int MAX_ORDER = 7;
    private static final int PAGE_SIZE = 8192;

    private static final ByteBufAllocator POOL = new PooledByteBufAllocator(true, 0,
            PooledByteBufAllocator.defaultNumDirectArena(), PAGE_SIZE, MAX_ORDER,
            PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(), true);

    private ConnectionBuffers() {
    }

    /** Gives a new proxy connection its buffers (and its congestion control, see {@link TcpCongestion}). */
    public static void install(Channel channel) {
        channel.config().setAllocator(POOL);
        channel.config().setRecvByteBufAllocator(new RelayReadAllocator());
        TcpCongestion.apply(channel);
    }
}
