package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The policy client on the proxy's own event loops: answers complete on the asking loop; still fails closed. */
class EventLoopPolicyClientTest {

    private static CheckRequest query(String host) {
        return CheckRequest.newBuilder().setRequestId("r-" + host)
                .setDestination(Destination.newBuilder().setHost(host).setPort(80).setMethod("GET")).build();
    }

    @Test
    void aCheckAskedOnALoopCompletesOnThatLoop() throws Exception {
        try (PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
                ProxyEventLoops loops = ProxyEventLoops.create(2);
                GrpcPolicyGate gate = GrpcPolicyGate.onEventLoops(loops, "127.0.0.1", policy.port(),
                        Duration.ofSeconds(10))) {
            for (EventLoop loop : loops.loops()) {
                CompletableFuture<Thread> completedOn = new CompletableFuture<>();
                Thread loopThread = loop.submit(() -> {
                    gate.check(query("allowed.test")).whenComplete((answer, error) -> {
                        if (error != null) {
                            completedOn.completeExceptionally(error);
                        } else {
                            completedOn.complete(Thread.currentThread());
                        }
                    });
                    return Thread.currentThread();
                }).get(10, TimeUnit.SECONDS);
                assertSame(loopThread, completedOn.get(10, TimeUnit.SECONDS));
            }
            assertTrue(gate.reachable());
        }
    }

    @Test
    void aProxyOnSharedLoopsServesAndFailsClosedWhenThePolicyServiceIsGone() throws Exception {
        PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        try (RecordingUpstream upstream = RecordingUpstream.http();
                ProxyEventLoops loops = ProxyEventLoops.create(0);
                GrpcPolicyGate gate = GrpcPolicyGate.onEventLoops(loops, "127.0.0.1", policy.port(),
                        Duration.ofSeconds(5))) {
            ProxyServer server = new ProxyServer(ProxyServerOptions.builder(ProxySettings.defaults(ProxyTier.EDGE,
                    "127.0.0.1", 0), gate).resolver(TestProxies.LOOPBACK_RESOLVER).eventLoops(loops).build());
            int port = server.start().getPort();
            try {
                try (RawHttp raw = new RawHttp(port)) {
                    assertEquals(200, raw.send("GET http://allowed.test:" + upstream.port()
                            + "/shared HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read().status());
                    assertEquals(403, raw.send("GET http://denied.test:" + upstream.port()
                            + "/shared HTTP/1.1\r\nHost: denied.test\r\n\r\n").read().status());
                }
                policy.stop();
                try (RawHttp raw = new RawHttp(port)) {
                    assertEquals(503, raw.send("GET http://allowed.test:" + upstream.port()
                            + "/gone HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read().status());
                }
            } finally {
                server.stop();
            }
            assertTrue(loops.loops().stream().noneMatch(loop -> loop.isShuttingDown()),
                    "the server leaves loops it was given to their owner");
        } finally {
            policy.close();
        }
    }

    @Test
    void badEndpointsAreRefused() {
        try (ProxyEventLoops loops = ProxyEventLoops.create(1)) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> GrpcPolicyGate.onEventLoops(loops, " ", 9191, Duration.ofSeconds(1)));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> GrpcPolicyGate.onEventLoops(loops, "127.0.0.1", 0, Duration.ofSeconds(1)));
        }
    }
}
