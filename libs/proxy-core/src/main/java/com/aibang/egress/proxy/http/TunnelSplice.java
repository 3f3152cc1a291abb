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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(TunnelSplice.class);

    /**
     * Handlers that neither read nor write a tunnel's bytes and keep working when the bytes no longer pass them;
     * anything else on either side keeps bytes in the JVM. Deliberately not here: Netty's {@code IdleStateHandler}
     * and {@code ConnectionIdleHandler} (they see no spliced byte, so they would close a busy tunnel as idle); the
     * tunnel's idle timeout is {@link TunnelIdleHandler}, which watches the byte counts.
     */
    private static final Set<Class<?>> PASSIVE = Set.of(SourceAclHandler.class, ConnectionLimiter.class,
            TunnelIdleHandler.class, IdleCloseHandler.class, RelayHandler.class);

    private static final Set<Class<?>> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * A direction starts splicing once it has relayed this much through the JVM: short exchanges (a TLS handshake
     * and a small response) never pay for the pipe and the switch.
     */
    static final long AFTER_BYTES = 128 * 1024;

    /**
     * A direction still not spliceable after this much is held back by a handler that is not expected to stay
     * (an inspector leaves after the first bytes): that is logged once per handler type, as it costs bulk
     * tunnels their kernel copy without any other sign.
     */
    static final long WARN_AFTER_BYTES = 8 * AFTER_BYTES;

    private static final int DRAIN_CHUNK = 64 * 1024;

    private TunnelSplice() {
    }

    /** False when turned off with {@value #ENABLED_PROPERTY}{@code =false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"));
    }

    /**
     * Whether bytes read from {@code source} may be spliced to {@code target}; {@code relayed} (what this direction
     * moved through the JVM so far) decides when a handler in the way is worth a warning.
     */
    static Eligibility check(Channel source, Channel target, long relayed) {
        if (!socketsAllow(source, target)) {
            return Eligibility.NEVER;
        }
        Eligibility sourceSide = passive(source.pipeline(), relayed);
        Eligibility targetSide = passive(target.pipeline(), relayed);
        if (sourceSide == Eligibility.NEVER || targetSide == Eligibility.NEVER) {
            return Eligibility.NEVER;
        }
        return sourceSide == Eligibility.SPLICE && targetSide == Eligibility.SPLICE ? Eligibility.SPLICE
                : Eligibility.NOT_YET;
    }

    /**
     * Whether the sockets themselves let bytes read from {@code source} be spliced to {@code target}: splicing on,
     * native epoll stream channels on one event loop, both level triggered, the source reading through a
     * {@link RelayReadAllocator} (which counts spliced bytes). What the pipelines hold is for the caller to judge.
     */
    static boolean socketsAllow(Channel source, Channel target) {
        return enabled() && source instanceof AbstractEpollStreamChannel && target instanceof AbstractEpollStreamChannel
                && source.eventLoop() == target.eventLoop() && RelayReadAllocator.of(source) != null
                && levelTriggered(source) && levelTriggered(target);
    }

    private static boolean levelTriggered(Channel channel) {
        return ((EpollChannelConfig) channel.config()).getEpollMode() == EpollMode.LEVEL_TRIGGERED;
    }

    private static Eligibility passive(ChannelPipeline pipeline, long relayed) {
        for (Map.Entry<String, ChannelHandler> handler : pipeline) {
            Class<?> type = handler.getValue().getClass();
            if (handler.getValue() instanceof SslHandler) {
                return Eligibility.NEVER;
            }
            if (!PASSIVE.contains(type)) {
                if (relayed >= WARN_AFTER_BYTES && WARNED.add(type)) {
                    LOG.warnf("tunnel %s: handler %s (%s) keeps a bulk tunnel in the JVM; splicing waits for it to leave",
                            pipeline.channel().remoteAddress(), handler.getKey(), type.getName());
                }
                return Eligibility.NOT_YET; // e.g. the tier-2 inspector still holding the ClientHello
            }
        }
        return Eligibility.SPLICE;
    }

    /**
     * Starts splicing everything {@code ctx}'s channel reads to {@code target} from now on; counts go to
     * {@code counter} (and so on to the tunnel's idle timeout, {@link TunnelIdleHandler}). End of input arrives as a
     * {@code ChannelInputShutdownEvent} (half-closure is turned on so that Netty does not close with unread bytes).
     */
    static void start(ChannelHandlerContext ctx, Channel target, java.util.function.LongConsumer counter) {
        Channel source = ctx.channel();
        ((SocketChannelConfig) source.config()).setAllowHalfClosure(true);
        RelayReadAllocator.of(source).countSplicedInto(counter);
        SplicePipes.prepare((AbstractEpollStreamChannel) target);
        ((AbstractEpollStreamChannel) source).spliceTo((AbstractEpollStreamChannel) target, Integer.MAX_VALUE)
                .addListener(spliced -> {
                    if (!spliced.isSuccess() && source.isOpen()) {
                        // The kernel refused (reset, target gone): end the tunnel like a failed write would.
                        source.close();
                    }
                });
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
