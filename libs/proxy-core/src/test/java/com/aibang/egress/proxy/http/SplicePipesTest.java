package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.EpollLoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import com.aibang.egress.proxy.testing.SeededBytes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real splice between two native-epoll connections on loopback with the pipe {@link SplicePipes} prepared: bytes
 * arrive exact, and when the JVM runs with {@link SplicePipes#JVM_FLAGS} the pipe has the larger size and its budget
 * share is given back when the channel closes; without the flags the pipe stays Netty's own and splicing still works.
 */
class SplicePipesTest {

    private static final int SIZE = 8 << 20;
    private static final long SEED = 11;

    /** Set by the build when it passes the JVM flags (see the parent pom's native-access profiles). */
    private static final String EXPECTED_PROPERTY = "proxy.test.splice-pipes-enlargeable";

    @RegisterExtension
    final EpollLoop loop = new EpollLoop("splice needs the native epoll transport");

    @Test
    void splicesByteExactThroughThePreparedPipe() throws Exception {
        try (ServerSocket origin = loopbackServer(); ServerSocket sink = loopbackServer()) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> serveSeeded(origin));
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> digestAll(sink));
            AbstractEpollStreamChannel source = connect(origin.getLocalPort());
            AbstractEpollStreamChannel target = connect(sink.getLocalPort());
            long heldBefore = SplicePipes.heldBytes();

            int pipeBytes = source.eventLoop().submit(() -> {
                SplicePipes.prepare(target);
                return SplicePipes.pipeBytes(target);
            }).get(10, TimeUnit.SECONDS);
            if (Boolean.getBoolean(EXPECTED_PROPERTY)) {
                assertTrue(SplicePipes.available(), "the build starts this JVM with " + SplicePipes.JVM_FLAGS
                        + ", so pipes must be enlargeable");
            }
            if (SplicePipes.available()) {
                assertEquals(SplicePipes.DEFAULT_BYTES, pipeBytes, "the pipe was enlarged");
                assertEquals(heldBefore + SplicePipes.DEFAULT_BYTES, SplicePipes.heldBytes());
            } else {
                assertEquals(-1, pipeBytes, "without the foreign linker nothing is prepared");
            }

            AtomicLong counted = new AtomicLong();
            source.eventLoop().submit(() -> RelayReadAllocator.of(source).countSplicedInto(counted::addAndGet))
                    .get(10, TimeUnit.SECONDS);
            ChannelFuture spliced = source.spliceTo(target, SIZE);
            source.config().setAutoRead(true);
            assertTrue(spliced.await(30, TimeUnit.SECONDS), "the splice completes");
            assertTrue(spliced.isSuccess(), () -> "splice failed: " + spliced.cause());
            assertEquals(SIZE, counted.get(), "every spliced byte was counted");
            target.close().sync();
            source.close().sync();
            loop.group().submit(() -> null).get(10, TimeUnit.SECONDS); // the close listeners ran on the loop before this
            sent.get(30, TimeUnit.SECONDS);
            assertArrayEquals(SeededBytes.sha256(SEED, SIZE), received.get(30, TimeUnit.SECONDS), "the bytes arrive exact");
            assertEquals(heldBefore, SplicePipes.heldBytes(), "closing the channel gives its pipe's budget back");
        }
    }

    private AbstractEpollStreamChannel connect(int port) throws InterruptedException {
        return (AbstractEpollStreamChannel) new Bootstrap().group(loop.group()).channel(EpollSocketChannel.class)
                .option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .option(io.netty.channel.ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel channel) {
                        ConnectionBuffers.install(channel);
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
    }

    private static ServerSocket loopbackServer() throws java.io.IOException {
        return new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    }

    private static void serveSeeded(ServerSocket origin) {
        try (Socket accepted = origin.accept()) {
            OutputStream out = accepted.getOutputStream();
            SeededBytes.write(out, SEED, SIZE);
            out.flush();
            // Stays open until the proxy side closes: an end of input would cut the splice short (no half-closure).
            accepted.getInputStream().read();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digestAll(ServerSocket sink) {
        try (Socket accepted = sink.accept()) {
            InputStream in = accepted.getInputStream();
            MessageDigest digest = SeededBytes.newSha256();
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
