package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.ConnectionIdleHandler;
import com.aibang.egress.proxy.http.ConnectionLimiter;
import com.aibang.egress.proxy.http.HeaderTimeoutHandler;
import com.aibang.egress.proxy.http.IdleCloseHandler;
import com.aibang.egress.proxy.http.ProxyFrontendHandler;
import com.aibang.egress.proxy.http.RelayHandler;
import com.aibang.egress.proxy.http.ConnectionBuffers;
import com.aibang.egress.proxy.http.SourceAclHandler;
import com.aibang.egress.proxy.http.TunnelIdleHandler;
import com.aibang.egress.proxy.http.TunnelStats;
import com.aibang.egress.proxy.http.UpstreamHandler;
import com.aibang.egress.proxy.http.UpstreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The only place that orders pipelines: client side, upstream side, and both once a tunnel is up. */
public final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String IDLE = "idle";
    static final String IDLE_CLOSE = "idle-close";
    static final String HTTP_SERVER = "http-server";
    static final String FRONTEND = "frontend";
    static final String HTTP_CLIENT = "http-client";
    static final String UPSTREAM = "upstream";
    static final String PARENT_AGGREGATOR = "parent-aggregator";
    static final String PARENT_HANDSHAKE = "parent-handshake";
    static final String RELAY = "relay";
    static final String TLS = "tls";
    static final String INSPECT = "inspect";

    /** Upstream responses are not the clients' to limit; generous fixed sizes. */
    private static final int UPSTREAM_MAX_INITIAL_LINE = 8192;
    private static final int UPSTREAM_MAX_HEADER_SIZE = 65536;
    private static final int MAX_CHUNK_SIZE = 65536;
    /** A parent's refusal is a short text; anything larger is not a refusal we relay. */
    private static final int MAX_PARENT_REFUSAL = 65536;

    private final ProxyEngine engine;
    private final ConnectionLimiter limiter;
    private final SourceAclHandler sourceAcl;
    private final ChannelGroup clients;

    /**
     * @param engine shared engine parts
     * @param clients every accepted client connection is added here (graceful shutdown)
     */
    public ProxyChannelInitializer(ProxyEngine engine, ChannelGroup clients) {
        this.engine = engine;
        this.limiter = new ConnectionLimiter(engine);
        this.sourceAcl = new SourceAclHandler(engine.listener().sourceAllowed(), engine.metrics());
        this.clients = clients;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        clients.add(ch);
        ConnectionBuffers.install(ch);
        ProxyLimits limits = engine.limits();
        ListenerSecurity listener = engine.listener();
        ch.pipeline().addLast(SourceAclHandler.NAME, sourceAcl);
        if (listener.tls() != null) {
            ch.pipeline().addLast(TLS, listener.tls().newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast(ConnectionLimiter.NAME, limiter)
                // Keep-alive idle timer without a listener per write; the tunnel switch puts a TunnelIdleHandler here.
                .addLast(IDLE, new ConnectionIdleHandler(engine.settings().idleTimeout().toMillis(),
                        TimeUnit.MILLISECONDS))
                .addLast(IDLE_CLOSE, new IdleCloseHandler())
                .addLast(HeaderTimeoutHandler.NAME, new HeaderTimeoutHandler(engine))
                .addLast(HTTP_SERVER, new HttpServerCodec(limits.maxRequestLineLength(), limits.maxHeaderSize(),
                        MAX_CHUNK_SIZE))
                .addLast(FRONTEND, new ProxyFrontendHandler(engine));
    }

    /**
     * Writes and flushes bytes already in HTTP form (the constant CONNECT answer) to a client connection below its HTTP
     * codec: no message object to build and encode per write.
     */
    public static ChannelFuture writeBelowHttpCodec(Channel client, ByteBuf bytes) {
        ChannelHandlerContext codec = client.pipeline().context(HTTP_SERVER);
        return codec == null ? client.writeAndFlush(bytes) : codec.writeAndFlush(bytes);
    }

    /** Pipeline of every upstream connection: a silence timer and the HTTP client codec. */
    public static final class UpstreamInitializer extends ChannelInitializer<Channel> {
        private final ProxySettings settings;

        public UpstreamInitializer(ProxySettings settings) {
            this.settings = settings;
        }

        @Override
        protected void initChannel(Channel ch) {
            ConnectionBuffers.install(ch);
            // Same all-idle event as Netty's IdleStateHandler, without a listener on every write's promise.
            ch.pipeline()
                    .addLast(IDLE, new ConnectionIdleHandler(settings.upstreamTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    .addLast(HTTP_CLIENT, new HttpClientCodec(UPSTREAM_MAX_INITIAL_LINE, UPSTREAM_MAX_HEADER_SIZE,
                            MAX_CHUNK_SIZE));
        }
    }

    /** Adds the handler relaying plain HTTP responses back to the client. */
    public static void attachHttpUpstream(Channel upstream, UpstreamListener listener) {
        upstream.pipeline().addLast(UPSTREAM, new UpstreamHandler(listener));
    }

    /**
     * Takes the HTTP client codec off an upstream connection whose response body is relayed raw (see
     * {@code BodySplice}); body bytes the codec already holds go on to the upstream handler as they are.
     */
    public static void removeHttpClientCodec(Channel upstream) {
        removeIfPresent(upstream.pipeline(), HTTP_CLIENT);
    }

    /** Puts a fresh HTTP client codec back once the raw body has passed: the connection serves the next request. */
    public static void restoreHttpClientCodec(Channel upstream) {
        ChannelPipeline pipeline = upstream.pipeline();
        if (pipeline.get(HTTP_CLIENT) == null && pipeline.get(UPSTREAM) != null) {
            pipeline.addBefore(UPSTREAM, HTTP_CLIENT, new HttpClientCodec(UPSTREAM_MAX_INITIAL_LINE,
                    UPSTREAM_MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        }
    }

    /** Adds the handler waiting for a parent proxy's answer to our CONNECT. */
    public static void addParentHandshake(Channel upstream, ChannelHandler handshake) {
        upstream.pipeline()
                .addLast(PARENT_AGGREGATOR, new HttpObjectAggregator(MAX_PARENT_REFUSAL))
                .addLast(PARENT_HANDSHAKE, handshake);
    }

    /**
     * Turns both connections into a raw byte relay after the CONNECT 200. Relays are added before the
     * codecs go so that bytes the codecs already hold are handed on, not lost. The client side's idle
     * timer becomes the tunnel idle timeout.
     */
    public static void switchToTunnel(ChannelHandlerContext frontendContext, Channel upstream, TunnelStats stats,
            Duration tunnelIdleTimeout, ChannelHandler inspector, Runnable onIdle) {
        Channel client = frontendContext.channel();
        ChannelPipeline clientPipeline = client.pipeline();
        clientPipeline.replace(FRONTEND, RELAY, new RelayHandler(upstream, stats, true));
        if (inspector != null) {
            // Before the codec goes, so that bytes it already holds pass the inspector too.
            clientPipeline.addBefore(RELAY, INSPECT, inspector);
        }
        clientPipeline.remove(HTTP_SERVER);
        removeIfPresent(clientPipeline, HeaderTimeoutHandler.NAME);
        clientPipeline.replace(IDLE, IDLE, new TunnelIdleHandler(tunnelIdleTimeout, stats));
        clientPipeline.replace(IDLE_CLOSE, IDLE_CLOSE, new IdleCloseHandler(onIdle));

        ChannelPipeline upstreamPipeline = upstream.pipeline();
        removeIfPresent(upstreamPipeline, PARENT_HANDSHAKE);
        removeIfPresent(upstreamPipeline, PARENT_AGGREGATOR);
        removeIfPresent(upstreamPipeline, UPSTREAM);
        removeIfPresent(upstreamPipeline, IDLE);
        upstreamPipeline.addLast(RELAY, new RelayHandler(client, stats, false));
        removeIfPresent(upstreamPipeline, HTTP_CLIENT);

        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
    }

    private static void removeIfPresent(ChannelPipeline pipeline, String name) {
        if (pipeline.get(name) != null) {
            pipeline.remove(name);
        }
    }
}
