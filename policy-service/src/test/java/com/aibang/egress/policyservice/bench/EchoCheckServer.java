package com.aibang.egress.policyservice.bench;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.grpc.VertxServer;
import io.vertx.grpc.VertxServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Baseline for {@link CheckLoadClient}: a gRPC server that answers every Check with the same
 * constant allow, without policy, rate counting or decision log, so a load run shows what a bare
 * gRPC round trip costs on this machine. {@code netty} = plain grpc-java Netty server answering on
 * its event loop (direct executor), as the service's own server (grpc.PolicyGrpcServer) does since session 7;
 * {@code vertx} = grpc-java on Vert.x's event loop as Quarkus' separate gRPC server ran it before (calls dispatched
 * through the Vert.x context). Either on one event
 * loop, with Netty's native epoll transport or NIO. Loopback only.
 *
 * <pre>java -cp ... EchoCheckServer [port=29392] [netty|vertx] [epoll|nio]</pre>
 */
public final class EchoCheckServer {

    private EchoCheckServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 29392;
        String kind = args.length > 1 ? args[1] : "netty";
        boolean epoll = !(args.length > 2 && args[2].equals("nio"));
        if (epoll && !Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll does not load here", Epoll.unavailabilityCause());
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ConstantCheck service = new ConstantCheck();
        Runnable stop;
        if (kind.equals("netty")) {
            EventLoopGroup loop = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, port))
                    .channelType(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .bossEventLoopGroup(loop).workerEventLoopGroup(loop)
                    .directExecutor().addService(service).build().start();
            stop = server::shutdownNow;
        } else if (kind.equals("vertx")) {
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(epoll));
            VertxServer server = VertxServerBuilder.forAddress(vertx, loopback.getHostAddress(), port)
                    .addService(service).build();
            CountDownLatch started = new CountDownLatch(1);
            vertx.runOnContext(ignored -> server.start(result -> started.countDown()));
            started.await();
            stop = vertx::close;
        } else {
            throw new IllegalArgumentException("server kind must be netty or vertx, got " + kind);
        }
        System.out.println("constant Check server (" + kind + (epoll ? ", epoll" : ", nio") + ") on " + loopback.getHostAddress() + ":" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        Thread.currentThread().join();
    }

    /** Answers what a typical allow looks like on the wire, without computing anything. */
    private static final class ConstantCheck extends PolicyServiceGrpc.PolicyServiceImplBase {

        private final CheckResponse response = CheckResponse.newBuilder().setAllow(true).setReason("allowed")
                .setRoute("tier2").setRule("allow_listed").setMode("enforce")
                .setDecisionId(UUID.randomUUID().toString()).setPolicyRevision("0123456789ab").build();

        @Override
        public void check(CheckRequest request, StreamObserver<CheckResponse> reply) {
            reply.onNext(response);
            reply.onCompleted();
        }
    }
}
