package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.IdleCloseHandler;
import com.aibang.egress.proxy.http.ProxyFrontendHandler;
import com.aibang.egress.proxy.http.RelayHandler;
import com.aibang.egress.proxy.http.UpstreamHandler;
import com.aibang.egress.proxy.http.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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

    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16384;
    private static final int MAX_CHUNK_SIZE = 65536;
    /** A parent's refusal is a short text; anything larger is not a refusal we relay. */
    private static final int MAX_PARENT_REFUSAL = 65536;

    private final ProxySettings settings;
    private final Supplier<ProxyFrontendHandler> frontends;

    public ProxyChannelInitializer(ProxySettings settings, Supplier<ProxyFrontendHandler> frontends) {
        this.settings = settings;
        this.frontends = frontends;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(IDLE, new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast(IDLE_CLOSE, new IdleCloseHandler())
                .addLast(HTTP_SERVER, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE))
                .addLast(FRONTEND, frontends.get());
    }

    /** Pipeline of every upstream connection: a silence timer and the HTTP client codec. */
    public static final class UpstreamInitializer extends ChannelInitializer<Channel> {
        private final ProxySettings settings;

        public UpstreamInitializer(ProxySettings settings) {
            this.settings = settings;
        }

        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline()
                    .addLast(IDLE, new IdleStateHandler(true, 0, 0, settings.upstreamTimeout().toMillis(),
                            TimeUnit.MILLISECONDS))
                    .addLast(HTTP_CLIENT, new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        }
    }

    /** Adds the handler relaying plain HTTP responses back to the client. */
    public static void attachHttpUpstream(Channel upstream, UpstreamListener listener) {
        upstream.pipeline().addLast(UPSTREAM, new UpstreamHandler(listener));
    }

    /** Adds the handler waiting for a parent proxy's answer to our CONNECT. */
    public static void addParentHandshake(Channel upstream, ChannelHandler handshake) {
        upstream.pipeline()
                .addLast(PARENT_AGGREGATOR, new HttpObjectAggregator(MAX_PARENT_REFUSAL))
                .addLast(PARENT_HANDSHAKE, handshake);
    }

    /**
     * Turns both connections into a raw byte relay after the CONNECT 200. Relays are added before the
     * codecs go so that bytes the codecs already hold are handed on, not lost.
     */
    public static void switchToTunnel(ChannelHandlerContext frontendContext, Channel upstream) {
        Channel client = frontendContext.channel();
        ChannelPipeline clientPipeline = client.pipeline();
        clientPipeline.replace(FRONTEND, RELAY, new RelayHandler(upstream));
        clientPipeline.remove(HTTP_SERVER);

        ChannelPipeline upstreamPipeline = upstream.pipeline();
        removeIfPresent(upstreamPipeline, PARENT_HANDSHAKE);
        removeIfPresent(upstreamPipeline, PARENT_AGGREGATOR);
        removeIfPresent(upstreamPipeline, UPSTREAM);
        removeIfPresent(upstreamPipeline, IDLE);
        upstreamPipeline.addLast(RELAY, new RelayHandler(client));
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
