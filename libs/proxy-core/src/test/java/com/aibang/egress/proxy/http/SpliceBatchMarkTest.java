package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.proxy.SpliceBatchSettings;
import com.aibang.egress.proxy.testing.EpollLoop;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When {@link SpliceReadBatching} raises a real socket's receive low-water mark: only for reads that come close
 * together AND move bulk together (small messages exchanged quickly keep the one-byte mark, so they never wait), to the
 * configured size, and back to one byte after the hold. The kernel's own SO_RCVLOWAT is read back each time.
 */
class SpliceBatchMarkTest {

    private static final int MARK = 256 * 1024;
    private static final Duration HOLD = SpliceBatchSettings.MAX_HOLD;
    private static final long WAIT_SECONDS = 30;

    @RegisterExtension
    final EpollLoop loop = new EpollLoop("SO_RCVLOWAT on a native epoll socket");

    @Test
    void smallReadsInQuickSuccessionKeepTheOneByteMark() throws Exception {
        try (Accepted accepted = accept()) {
            SpliceReadBatching batching = onLoop(accepted.channel,
                    () -> new SpliceReadBatching(accepted.channel, new SpliceBatchSettings(MARK, HOLD)));
            read(accepted.channel, batching, 100);
            // However close together (within two holds or not), reads that do not move bulk leave the mark alone.
            for (int round = 0; round < 20; round++) {
                read(accepted.channel, batching, 1000);
                assertEquals(1, mark(accepted.channel), "small reads, round " + round);
            }
        }
    }

    @Test
    void bulkReadsRaiseTheMarkAndTheHoldLowersIt() throws Exception {
        try (Accepted accepted = accept()) {
            SpliceReadBatching batching = onLoop(accepted.channel,
                    () -> new SpliceReadBatching(accepted.channel, new SpliceBatchSettings(MARK, HOLD)));
            read(accepted.channel, batching, 100);
            read(accepted.channel, batching, 1000);
            assertEquals(1, mark(accepted.channel), "no bulk yet");
            int seen = 1;
            // A small read then a bulk one: raised when both came within two holds and the mark is read back before
            // the hold ends (retried, as a loaded machine may take longer than that between the calls).
            for (int attempt = 0; attempt < 100 && seen == 1; attempt++) {
                read(accepted.channel, batching, 1000);
                read(accepted.channel, batching, SpliceReadBatching.BULK_BYTES);
                seen = mark(accepted.channel);
            }
            assertEquals(MARK, seen, "two close reads moving bulk together raise the mark");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (mark(accepted.channel) != 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, mark(accepted.channel), "back to one byte after the hold");
        }
    }

    @Test
    void settingsRefuseMarksAndHoldsOutsideTheirRange() {
        assertRefused(() -> new SpliceBatchSettings(1000, HOLD));
        assertRefused(() -> new SpliceBatchSettings(SpliceBatchSettings.MAX_BYTES + 1, HOLD));
        assertRefused(() -> new SpliceBatchSettings(MARK, Duration.ZERO));
        assertRefused(() -> new SpliceBatchSettings(MARK, HOLD.plusNanos(1)));
        assertEquals(false, new SpliceBatchSettings(0, HOLD).enabled(), "0 turns batching off");
    }

    private static void assertRefused(Runnable make) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, make::run);
    }

    /** One read of {@code bytes} as the relay reports it: the splice count, then the end of the read. */
    private static void read(Channel channel, SpliceReadBatching batching, long bytes) throws Exception {
        onLoop(channel, () -> {
            batching.spliced(bytes);
            batching.afterRead();
            return null;
        });
    }

    private static int mark(Channel channel) throws Exception {
        return onLoop(channel, () -> channel.config().getOption(SpliceReadBatching.LOW_WATER));
    }

    private static <T> T onLoop(Channel channel, java.util.concurrent.Callable<T> task) throws Exception {
        return channel.eventLoop().submit(task).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private Accepted accept() throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(loop.group()).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(io.netty.channel.ChannelHandlerContext ctx) {
                        accepted.complete(ctx.channel());
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        Socket client = new Socket(InetAddress.getLoopbackAddress(),
                ((InetSocketAddress) listener.localAddress()).getPort());
        return new Accepted(listener, client, accepted.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /** A loopback connection whose accepted (proxy-side) end is a native epoll channel. */
    private record Accepted(Channel listener, Socket client, Channel channel) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close();
            channel.close().sync();
            listener.close().sync();
        }
    }
}
