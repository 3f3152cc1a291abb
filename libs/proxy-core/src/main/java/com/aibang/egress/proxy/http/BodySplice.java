package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.ProxyChannelInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Relays the body of one large plain-HTTP response with a Content-Length from the upstream to the client in the
 * kernel (splice(2) through a pipe), without decoding it into HTTP content parts and copying it through the JVM.
 * After the head, the upstream's HTTP codec is taken off (the body bytes it already holds are written normally),
 * exactly the remaining Content-Length bytes are spliced, and the codec is put back, so the upstream connection
 * can serve the next request. Needs what {@link TunnelSplice} needs: plain native-epoll sockets on one event loop,
 * level triggered. Turned off with {@value #ENABLED_PROPERTY}{@code =false} (or with tunnel splicing).
 */
final class BodySplice {

    /** System property, on by default: {@code false} relays every plain-HTTP body through the JVM. */
    static final String ENABLED_PROPERTY = "proxy.http.splice";

    /** Smaller bodies go through the JVM: a keep-alive response of a few KiB gains nothing from the switch. */
    static final long MIN_BYTES = 128 * 1024;

    /** Netty splices at most an int's worth per call (and {@code Integer.MAX_VALUE} means "forever"). */
    private static final int MAX_ROUND = 1 << 30;

    /** What the splice reports back to the client side of the exchange (always on the event loop). */
    interface Owner {
        /** Every body byte has reached the client connection's outbound queue; the response is complete. */
        void splicedBodyDone(PlainExchange ex);

        /** The body could not be relayed completely. */
        void splicedBodyFailed(PlainExchange ex, String reason);
    }

    private final PlainExchange ex;
    private final Channel upstream;
    private final Channel client;
    private final long length;
    private final LongConsumer bytesDown;
    private final Owner owner;
    /** Body bytes taken from the upstream so far: handed over by the codec, spliced, or read after its end. */
    private long received;
    /** {@link #received} when the upstream's silence timer last looked. */
    private long receivedAtLastLook = -1;
    private boolean finished;

    private BodySplice(PlainExchange ex, Channel upstream, Channel client, long length, LongConsumer bytesDown,
            Owner owner) {
        this.ex = ex;
        this.upstream = upstream;
        this.client = client;
        this.length = length;
        this.bytesDown = bytesDown;
        this.owner = owner;
    }

    /** False when turned off with {@value #ENABLED_PROPERTY}{@code =false} or with tunnel splicing. */
    static boolean enabled() {
        return TunnelSplice.enabled() && !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"));
    }

    /**
     * Whether the body of this (final, just relayed) response head may be spliced: a large Content-Length body
     * the cache is not recording, a request already complete, and two spliceable sockets.
     */
    static boolean eligible(PlainExchange ex, HttpResponse head, Channel upstream, Channel client) {
        if (!enabled() || ex.informational || !ex.requestComplete || ex.cacheAbsorbs
                || ex.cache != null && ex.cache.recording() || HttpMethod.HEAD.name().equals(ex.method)) {
            return false;
        }
        int code = head.status().code();
        if (code == 204 || code == 304 || HttpUtil.isTransferEncodingChunked(head)
                || HttpUtil.getContentLength(head, -1L) < MIN_BYTES) {
            return false;
        }
        return TunnelSplice.socketsAllow(upstream, client) && plainAndOpen(upstream) && plainAndOpen(client);
    }

    private static boolean plainAndOpen(Channel channel) {
        return channel.isActive() && channel.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Starts relaying the body of {@code head} (already written to the client): the codec's leftover bytes come
     * back through {@link #leftover} while this runs, the rest is spliced.
     */
    static BodySplice start(PlainExchange ex, HttpResponse head, Channel upstream, Channel client,
            LongConsumer bytesDown, Owner owner) {
        BodySplice splice = new BodySplice(ex, upstream, client, HttpUtil.getContentLength(head, -1L), bytesDown,
                owner);
        ex.splice = splice;
        // An end of input mid-body must not close the connection with body bytes still unread (see inputEnded).
        ((SocketChannelConfig) upstream.config()).setAllowHalfClosure(true);
        RelayReadAllocator.of(upstream).countSplicedInto(splice::counted);
        ConnectionIdleHandler.watchProgress(client.pipeline(), () -> splice.received);
        ProxyChannelInitializer.removeHttpClientCodec(upstream);
        SplicePipes.prepare((AbstractEpollStreamChannel) client);
        if (!splice.finished) {
            splice.nextRound();
            // From here Netty pauses and resumes reading as the pipe drains; whatever paused it before goes.
            upstream.config().setAutoRead(true);
        }
        return splice;
    }

    /** Raw bytes that reached the upstream handler: the part that belongs to the body is written to the client. */
    void leftover(ByteBuf bytes) {
        try {
            long left = length - received;
            int take = (int) Math.min(left, bytes.readableBytes());
            if (take < bytes.readableBytes()) {
                // The upstream sent more than its Content-Length: that connection cannot be trusted again.
                ex.upstreamReusable = false;
            }
            if (take > 0) {
                client.write(new DefaultHttpContent(bytes.readRetainedSlice(take)));
                counted(take);
            }
        } finally {
            bytes.release();
        }
    }

    private void counted(long bytes) {
        received += bytes;
        bytesDown.accept(bytes);
    }

    private void nextRound() {
        long left = length - received;
        if (left <= 0) {
            finishLater();
            return;
        }
        int round = (int) Math.min(left, MAX_ROUND);
        ((AbstractEpollStreamChannel) upstream).spliceTo((AbstractEpollStreamChannel) client, round)
                .addListener(this::roundDone);
    }

    private void roundDone(Future<?> result) {
        if (finished) {
            return;
        }
        if (!result.isSuccess()) {
            Throwable cause = result.cause();
            fail("body relay failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()));
        } else if (received < length) {
            nextRound();
        } else {
            finishLater();
        }
    }

    /**
     * Completes on a later turn of the event loop: the last splice reports success from inside the client
     * connection's flush, which is no place to start the next exchange.
     */
    private void finishLater() {
        client.eventLoop().execute(this::finish);
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        restore();
        owner.splicedBodyDone(ex);
    }

    private void fail(String reason) {
        if (finished) {
            return;
        }
        finished = true;
        restore();
        owner.splicedBodyFailed(ex, reason);
    }

    /** The upstream connection goes back to HTTP parsing (when it is still usable). */
    private void restore() {
        ConnectionIdleHandler.watchProgress(client.pipeline(), null);
        RelayReadAllocator allocator = RelayReadAllocator.of(upstream);
        if (allocator != null) {
            allocator.countSplicedInto(null);
        }
        if (upstream.isOpen()) {
            ((SocketChannelConfig) upstream.config()).setAllowHalfClosure(false);
            ProxyChannelInitializer.restoreHttpClientCodec(upstream);
        }
    }

    /**
     * The upstream ended its output (Netty stops splicing then, possibly with body bytes still in the socket): reads
     * what is left, then completes the response when it is whole. The connection is not reused either way.
     */
    void inputEnded() {
        if (finished) {
            return;
        }
        ex.upstreamReusable = false;
        try {
            TunnelSplice.drainRemaining(upstream, this::leftover);
        } catch (IOException | RuntimeException e) {
            fail("reading the rest of the body failed: " + e.getMessage());
            return;
        }
        if (received >= length) {
            finish();
        } else {
            fail("the upstream closed the connection " + (length - received) + " bytes before the body ended");
        }
    }

    /** True when every body byte was taken from the upstream (what is left is on its way to the client). */
    boolean allReceived() {
        return received >= length;
    }

    /** For the upstream's silence timer: true when body bytes moved since it last asked. */
    boolean progressedSinceLastLook() {
        boolean moved = received != receivedAtLastLook;
        receivedAtLastLook = received;
        return moved;
    }
}
