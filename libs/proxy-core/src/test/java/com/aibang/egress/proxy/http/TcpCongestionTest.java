package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.EpollLoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TcpCongestion} on real native-epoll loopback sockets, an outgoing connection and an accepted one: the
 * kernel reports the algorithm set (reno, which every Linux allows every user), a name the kernel does not know is
 * refused without harming the connection, and bytes pass either way.
 */
class TcpCongestionTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final EpollLoop loop = new EpollLoop("raw socket options need the native epoll transport");

    @Test
    void outgoingConnectionUsesTheChosenAlgorithm() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readHello(server));
            Channel channel = connect(server.getLocalPort(), "reno");

            assertEquals("reno", TcpCongestion.current(channel));
            channel.writeAndFlush(Unpooled.wrappedBuffer(HELLO)).sync();
            assertArrayEquals(HELLO, received.get(10, TimeUnit.SECONDS));
            channel.close().sync();
        }
    }

    @Test
    void unknownAlgorithmIsRefusedAndTheConnectionKeepsTheDefault() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readHello(server));
            Channel channel = connect(server.getLocalPort(), null);
            String before = TcpCongestion.current(channel);
            assertNotNull(before, "an epoll socket reports its congestion control");

            boolean applied = channel.eventLoop().submit(() -> TcpCongestion.apply(channel, "no_such_cc"))
                    .get(10, TimeUnit.SECONDS);

            assertFalse(applied, "the kernel knows no algorithm of that name");
            assertEquals(before, TcpCongestion.current(channel));
            Path systemDefault = Path.of("/proc/sys/net/ipv4/tcp_congestion_control");
            if (Files.isReadable(systemDefault)) {
                assertEquals(Files.readString(systemDefault).trim(), before, "untouched sockets use the default");
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(HELLO)).sync();
            assertArrayEquals(HELLO, received.get(10, TimeUnit.SECONDS));
            channel.close().sync();
        }
    }

    @Test
    void acceptedConnectionUsesTheChosenAlgorithm() throws Exception {
        CompletableFuture<String> algorithm = new CompletableFuture<>();
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(loop.group()).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        TcpCongestion.apply(ch, "reno");
                        algorithm.complete(TcpCongestion.current(ch));
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf bytes = (ByteBuf) msg;
                                byte[] copy = new byte[bytes.readableBytes()];
                                bytes.readBytes(copy);
                                bytes.release();
                                received.complete(copy);
                            }
                        });
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                ((InetSocketAddress) listener.localAddress()).getPort())) {
            client.getOutputStream().write(HELLO);
            assertEquals("reno", algorithm.get(10, TimeUnit.SECONDS));
            assertArrayEquals(HELLO, received.get(10, TimeUnit.SECONDS));
        } finally {
            listener.close().sync();
        }
    }

    /** Connects like the proxy's upstream side: the algorithm is set in the initializer, before the connect. */
    private Channel connect(int port, String algorithm) throws Exception {
        AtomicBoolean applied = new AtomicBoolean(algorithm == null);
        Channel channel = new Bootstrap().group(loop.group()).channel(EpollSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (algorithm != null) {
                            applied.set(TcpCongestion.apply(ch, algorithm));
                        }
                    }
                }).connect(InetAddress.getLoopbackAddress(), port).sync().channel();
        assertTrue(applied.get(), "the kernel accepts " + algorithm);
        return channel;
    }

    private static ServerSocket loopbackServer() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static byte[] readHello(ServerSocket server) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            return in.readNBytes(HELLO.length);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
