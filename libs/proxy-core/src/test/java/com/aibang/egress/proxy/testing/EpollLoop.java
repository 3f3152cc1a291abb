package com.aibang.egress.proxy.testing;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension giving each test one native-epoll event loop, skipping the test (with the reason given) where
 * native epoll does not load. Use as {@code @RegisterExtension final EpollLoop loop = new EpollLoop("why")}.
 */
public final class EpollLoop implements BeforeEachCallback, AfterEachCallback {

    private final String whyEpoll;
    private EpollEventLoopGroup group;

    /** @param whyEpoll why the test needs native epoll: the skip message where it is missing */
    public EpollLoop(String whyEpoll) {
        this.whyEpoll = whyEpoll;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(Epoll.isAvailable(), whyEpoll);
        group = new EpollEventLoopGroup(1);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            group = null;
        }
    }

    /** The running loop of the current test. */
    public EpollEventLoopGroup group() {
        return group;
    }
}
