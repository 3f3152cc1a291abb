package com.aibang.egress.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Relays one direction of an established tunnel with Linux splice(2) (socket -> pipe -> socket in the kernel,
 * no copy through the JVM) when both connections are plain native-epoll sockets on one event loop, level
 * triggered, and no handler on either side reads or writes the bytes (no TLS, no inspector still looking).
 * Turned off with the system property {@value #ENABLED_PROPERTY}{@code =false}.
 */
public final class TunnelSplice {

    /**
     * System property, on by default: {@code false} keeps every proxy connection edge-triggered (read when the
     * server starts) and every tunnel in the JVM (read whenever a tunnel could start splicing).
     */
    public static final String ENABLED_PROPERTY = "proxy.tunnel.splice";

    /** What a relay may do about splicing now. */
    enum Eligibility { SPLICE, NOT_YET, NEVER }

    /** Handlers that neither read nor write a tunnel's bytes; anything else on either side keeps bytes in the JVM. */
    private static final Set<Class<?>> PASSIVE = Set.of(SourceAclHandler.class, ConnectionLimiter.class,
            IdleStateHandler.class, IdleCloseHandler.class, SpliceIdleHandler.class, RelayHandler.class);

    /**
     * A direction starts splicing once it has relayed this much through the JVM: short exchanges (a TLS handshake
     * and a small response) never pay for the pipe and the switch.
     */
    static final long AFTER_BYTES = 128 * 1024;

    private static final int DRAIN_CHUNK = 64 * 1024;

    private TunnelSplice() {
    }

    /** False when turned off with {@value #ENABLED_PROPERTY}{@code =false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"));
    }

    /** Whether bytes read from {@code source} may be spliced to {@code target}. */
    static Eligibility check(Channel source, Channel target) {
        if (!enabled() || !(source instanceof AbstractEpollStreamChannel) || !(target instanceof AbstractEpollStreamChannel)
                || source.eventLoop() != target.eventLoop() || RelayReadAllocator.of(source) == null
                || !levelTriggered(source) || !levelTriggered(target)) {
            return Eligibility.NEVER;
        }
        Eligibility sourceSide = passive(source.pipeline());
        Eligibility targetSide = passive(target.pipeline());
        if (sourceSide == Eligibility.NEVER || targetSide == Eligibility.NEVER) {
            return Eligibility.NEVER;
        }
        return sourceSide == Eligibility.SPLICE && targetSide == Eligibility.SPLICE ? Eligibility.SPLICE
                : Eligibility.NOT_YET;
    }

    private static boolean levelTriggered(Channel channel) {
        return ((EpollChannelConfig) channel.config()).getEpollMode() == EpollMode.LEVEL_TRIGGERED;
    }

    private static Eligibility passive(ChannelPipeline pipeline) {
        for (Map.Entry<String, ChannelHandler> handler : pipeline) {
            Class<?> type = handler.getValue().getClass();
            if (handler.getValue() instanceof SslHandler) {
                return Eligibility.NEVER;
            }
            if (!PASSIVE.contains(type)) {
                return Eligibility.NOT_YET; // e.g. the tier-2 inspector still holding the ClientHello
            }
        }
        return Eligibility.SPLICE;
    }

    /**
     * Starts splicing everything {@code ctx}'s channel reads to {@code target} from now on; counts go to
     * {@code counter}, the tunnel idle timeout switches to the tunnel's byte counts. End of input arrives as a
     * {@code ChannelInputShutdownEvent} (half-closure is turned on so that Netty does not close with unread bytes).
     */
    static void start(ChannelHandlerContext ctx, Channel target, Channel client, TunnelStats stats,
            java.util.function.LongConsumer counter) {
        Channel source = ctx.channel();
        ((SocketChannelConfig) source.config()).setAllowHalfClosure(true);
        RelayReadAllocator.of(source).countSplicedInto(counter);
        watchIdleByCounts(client, stats);
        ((AbstractEpollStreamChannel) source).spliceTo((AbstractEpollStreamChannel) target, Integer.MAX_VALUE)
                .addListener(spliced -> {
                    if (!spliced.isSuccess() && source.isOpen()) {
                        // The kernel refused (reset, target gone): end the tunnel like a failed write would.
                        source.close();
                    }
                });
    }

    private static void watchIdleByCounts(Channel client, TunnelStats stats) {
        ChannelPipeline pipeline = client.pipeline();
        ChannelHandlerContext idle = pipeline.context(IdleStateHandler.class);
        if (idle != null) {
            long timeoutMillis = ((IdleStateHandler) idle.handler()).getAllIdleTimeInMillis();
            pipeline.replace(idle.name(), idle.name(), new SpliceIdleHandler(timeoutMillis, stats));
        }
    }

    /**
     * Reads what is still in the socket after its end of input was seen (Netty stops splicing at that point,
     * possibly with bytes left), handing each buffer to {@code sink} in order.
     */
    static void drainRemaining(Channel source, Consumer<ByteBuf> sink) throws IOException {
        AbstractEpollStreamChannel channel = (AbstractEpollStreamChannel) source;
        for (;;) {
            ByteBuf buffer = source.alloc().directBuffer(DRAIN_CHUNK);
            int read;
            try {
                ByteBuffer window = buffer.internalNioBuffer(buffer.writerIndex(), buffer.writableBytes());
                read = channel.fd().read(window, window.position(), window.limit());
            } catch (IOException | RuntimeException e) {
                buffer.release();
                throw e;
            }
            if (read <= 0) {
                buffer.release();
                return;
            }
            buffer.writerIndex(buffer.writerIndex() + read);
            sink.accept(buffer);
        }
    }
}
