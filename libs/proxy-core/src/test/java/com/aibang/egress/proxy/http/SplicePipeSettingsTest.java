package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.SplicePipeSettings;
import com.aibang.egress.proxy.testing.EpollLoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The applied {@link SplicePipeSettings} (what {@code <tier>.splice.*} set at start) size the pipes {@link SplicePipes}
 * prepares on real loopback connections: the configured size, none past the budget, none with size 0.
 */
class SplicePipeSettingsTest {

    private static final int QUARTER_MIB = 256 * 1024;

    @RegisterExtension
    final EpollLoop loop = new EpollLoop("splice pipes need the native epoll transport");
    private ServerSocket listener;
    private final List<Socket> accepted = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(SplicePipes.available(), "pipes cannot be enlarged without " + SplicePipes.JVM_FLAGS);
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        SplicePipeSettings.DEFAULTS.apply();
        for (Socket socket : accepted) {
            socket.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void pipesTakeTheAppliedSizeWithinTheAppliedBudget() throws Exception {
        long heldBefore = SplicePipes.heldBytes();
        new SplicePipeSettings(QUARTER_MIB, 2L * QUARTER_MIB).apply();
        AbstractEpollStreamChannel first = connect();
        AbstractEpollStreamChannel second = connect();
        AbstractEpollStreamChannel third = connect();

        assertEquals(QUARTER_MIB, prepare(first), "the configured size, not the 1 MiB default");
        assertEquals(QUARTER_MIB, prepare(second));
        assertEquals(heldBefore + 2L * QUARTER_MIB, SplicePipes.heldBytes());
        assertEquals(-1, prepare(third), "past the budget Netty makes its own default pipe");

        first.close().sync();
        loop.group().submit(() -> null).get(10, TimeUnit.SECONDS); // the close listener ran on the loop before this
        assertEquals(heldBefore + QUARTER_MIB, SplicePipes.heldBytes(), "a closed pipe gives its size back");
        second.close().sync();
        third.close().sync();
    }

    @Test
    void sizeZeroKeepsTheKernelsDefault() throws Exception {
        new SplicePipeSettings(0, 0).apply();
        long heldBefore = SplicePipes.heldBytes();
        AbstractEpollStreamChannel channel = connect();
        assertEquals(-1, prepare(channel), "no pipe prepared: Netty makes a default one when it splices");
        assertEquals(heldBefore, SplicePipes.heldBytes());
        channel.close().sync();
    }

    private int prepare(AbstractEpollStreamChannel target) throws Exception {
        return target.eventLoop().submit(() -> {
            SplicePipes.prepare(target);
            return SplicePipes.pipeBytes(target);
        }).get(10, TimeUnit.SECONDS);
    }

    private AbstractEpollStreamChannel connect() throws Exception {
        Channel channel = new Bootstrap().group(loop.group()).channel(EpollSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ConnectionBuffers.install(ch);
                    }
                })
                .connect(listener.getLocalSocketAddress()).sync().channel();
        accepted.add(listener.accept());
        assertTrue(channel.isActive());
        return (AbstractEpollStreamChannel) channel;
    }
}
