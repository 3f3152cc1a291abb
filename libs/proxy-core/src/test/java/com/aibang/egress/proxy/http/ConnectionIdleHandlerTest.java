package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keep-alive idle timer closes silent connections and leaves connections with traffic either way open. */
class ConnectionIdleHandlerTest {

    private static final int SOCKET_TIMEOUT_MILLIS = 20_000;
    private EventLoopGroup group;

    @BeforeEach
    void start() {
        group = new NioEventLoopGroup(1);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void silentConnectionIsClosed() throws Exception {
        int port = server(200, false);
        try (Socket socket = connect(port)) {
            assertEquals(-1, socket.getInputStream().read(), "closed without any byte");
        }
    }

    @Test
    void clientTrafficKeepsTheConnectionOpen() throws Exception {
        int port = server(1500, false);
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 30; i++) {
                out.write('x');
                out.flush();
                assertEquals('x', in.read(), "echo " + i + " while the client keeps talking");
                Thread.sleep(100);
            }
            assertEquals(-1, in.read(), "closed once the client went quiet");
        }
    }

    @Test
    void serverTrafficKeepsTheConnectionOpen() throws Exception {
        int port = server(1500, true);
        try (Socket socket = connect(port)) {
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 30; i++) {
                assertEquals('t', in.read(), "tick " + i + " while the server keeps writing");
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        return socket;
    }

    /** Echo server with the idle timer; with ticks it also writes a byte every 100 ms on its own. */
    private int server(long idleMillis, boolean ticks) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ConnectionIdleHandler(idleMillis, TimeUnit.MILLISECONDS),
                                new IdleCloseHandler(), new Echo(ticks));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final boolean ticks;
        private ScheduledFuture<?> ticker;

        Echo(boolean ticks) {
            this.ticks = ticks;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (ticks) {
                ticker = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('t')),
                        100, 100, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ticker != null) {
                ticker.cancel(false);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush((ByteBuf) msg);
        }
    }
}
