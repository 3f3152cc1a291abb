package com.aibang.egress.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A channel's receive sizing (Netty's adaptive default) that also counts the bytes Netty splices out of the
 * socket once a tunnel relays with splice(2): those bytes never pass the pipeline, but Netty reports each
 * splice to this handle. One instance per channel, installed before the channel's first read (Netty keeps
 * the handle it made first): see {@link ConnectionBuffers}.
 */
public final class RelayReadAllocator implements MaxMessagesRecvByteBufAllocator {

    /** Upper bound of one splice into the pipe (the pipe's own capacity bounds it too: see {@link SplicePipes}). */
    static final int SPLICE_GUESS = 1 << 20;
    private static final int MIN_READ = 64;
    private static final int FIRST_READ = 16 * 1024;
    private static final int MAX_READ = 64 * 1024;

    /**
     * Netty's adaptive sizing, but the first read of a connection guesses 16 KiB instead of 2 KiB: a tunnel's first
     * reads are TLS handshake records (a server's certificate flight is ~1.3 KiB here and larger with longer chains)
     * that a 2 KiB guess, shrinking to 1 KiB after the CONNECT, read in two pieces at each tier (measured: one recv,
     * one send and one epoll wake-up per tunnel and tier more). The buffer is pooled and only held during the read.
     */
    private final AdaptiveRecvByteBufAllocator sizing =
            new AdaptiveRecvByteBufAllocator(MIN_READ, FIRST_READ, MAX_READ);
    private LongConsumer splicedBytes;

    /** The channel's instance, or null when none was installed. */
    static RelayReadAllocator of(Channel channel) {
        return channel.config().getRecvByteBufAllocator() instanceof RelayReadAllocator allocator ? allocator : null;
    }

    /** From now on every byte spliced out of this channel's socket goes to {@code sink} (on the event loop). */
    void countSplicedInto(LongConsumer sink) {
        this.splicedBytes = sink;
    }

    @Override
    public Handle newHandle() {
        return new CountingHandle((ExtendedHandle) sizing.newHandle());
    }

    @Override
    public int maxMessagesPerRead() {
        return sizing.maxMessagesPerRead();
    }

    @Override
    public MaxMessagesRecvByteBufAllocator maxMessagesPerRead(int maxMessagesPerRead) {
        sizing.maxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    /**
     * Netty reads into a buffer it allocated just before ({@link #allocate}), while a splice reports its
     * length without allocating: that tells the two apart, so buffer reads (counted by the relay) are not
     * counted twice.
     */
    private final class CountingHandle extends RecvByteBufAllocator.DelegatingHandle implements ExtendedHandle {
        private boolean bufferRead;

        CountingHandle(ExtendedHandle delegate) {
            super(delegate);
        }

        @Override
        public void reset(ChannelConfig config) {
            bufferRead = false;
            super.reset(config);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            bufferRead = true;
            return super.allocate(alloc);
        }

        @Override
        public int guess() {
            return splicedBytes == null ? super.guess() : SPLICE_GUESS;
        }

        @Override
        public void lastBytesRead(int bytes) {
            if (bufferRead) {
                bufferRead = false;
            } else if (bytes > 0 && splicedBytes != null) {
                splicedBytes.accept(bytes);
            }
            super.lastBytesRead(bytes);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return ((ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
        }
    }
}
