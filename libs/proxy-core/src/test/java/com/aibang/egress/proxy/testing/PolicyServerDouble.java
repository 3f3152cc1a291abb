package com.aibang.egress.proxy.testing;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Test double of the policy-service: a real gRPC server on a loopback port answering with fixed rules. */
public final class PolicyServerDouble implements AutoCloseable {

    private final Function<CheckRequest, CheckResponse> rules;
    private final List<CheckRequest> received = new CopyOnWriteArrayList<>();
    private Server server;

    public PolicyServerDouble(Function<CheckRequest, CheckResponse> rules) {
        this.rules = rules;
    }

    /** Allows every destination except hosts starting with "denied", and "egress-denied*" at tier 2. */
    public static CheckResponse defaultRules(CheckRequest request) {
        String host = request.getDestination().getHost();
        boolean egressOnlyDenial = host.startsWith("egress-denied") && request.getTier().getNumber() == 2;
        if (host.startsWith("denied") || egressOnlyDenial) {
            return CheckResponse.newBuilder().setAllow(false).setReason("destination " + host + " is not allowed")
                    .setRule("test.deny").setDecisionId("d-" + received(request)).build();
        }
        return CheckResponse.newBuilder().setAllow(true).setReason("allowed by test rules").setRule("test.allow")
                .setDecisionId("d-" + received(request)).build();
    }

    private static String received(CheckRequest request) {
        return request.getRequestId();
    }

    public PolicyServerDouble start() throws IOException {
        return start(0);
    }

    /** Starts on the given loopback port (0 = any free port). */
    public PolicyServerDouble start(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new PolicyServiceGrpc.PolicyServiceImplBase() {
                    @Override
                    public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
                        received.add(request);
                        responses.onNext(rules.apply(request));
                        responses.onCompleted();
                    }
                })
                .build()
                .start();
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** Every Check request received so far, in order. */
    public List<CheckRequest> received() {
        return received;
    }

    public void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
