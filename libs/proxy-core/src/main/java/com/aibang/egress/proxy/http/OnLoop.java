package com.aibang.egress.proxy.http;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Continues a step on the client's event loop without a needless task: inline when the previous step has
 * already finished and the caller is on that loop (e.g. no authenticator, no pinning), by a task otherwise.
 */
final class OnLoop {

    private OnLoop() {
    }

    static <T, U> CompletableFuture<U> thenCompose(CompletableFuture<T> previous, EventLoop loop,
            Function<? super T, ? extends CompletableFuture<U>> next) {
        if (previous.isDone() && loop.inEventLoop()) {
            return previous.thenCompose(next);
        }
        return previous.thenComposeAsync(next, loop);
    }
}
