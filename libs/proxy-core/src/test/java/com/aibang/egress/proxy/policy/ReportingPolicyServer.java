package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.ReusedDecision;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test double of the policy-service answering Check with fixed rules and keeping every ReportReuse it gets; a
 * real gRPC server on a loopback port. Reports are acknowledged, or refused with {@link #refuseReports}.
 */
final class ReportingPolicyServer implements AutoCloseable {

    private final Function<CheckRequest, CheckResponse> rules;
    private final List<CheckRequest> checks = new CopyOnWriteArrayList<>();
    private final List<ReuseReport> reports = new CopyOnWriteArrayList<>();
    private volatile Status refusal;
    private final Server server;

    ReportingPolicyServer(Function<CheckRequest, CheckResponse> rules) throws IOException {
        this.rules = rules;
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new PolicyServiceGrpc.PolicyServiceImplBase() {
                    @Override
                    public void check(CheckRequest request, StreamObserver<CheckResponse> reply) {
                        checks.add(request);
                        reply.onNext(ReportingPolicyServer.this.rules.apply(request));
                        reply.onCompleted();
                    }

                    @Override
                    public void reportReuse(ReuseReport report, StreamObserver<ReuseAck> reply) {
                        reports.add(report);
                        Status refused = refusal;
                        if (refused != null) {
                            reply.onError(refused.asRuntimeException());
                            return;
                        }
                        reply.onNext(ReuseAck.newBuilder().setAccepted(report.getItemsCount()).build());
                        reply.onCompleted();
                    }
                })
                .build()
                .start();
    }

    /** Allows with a 60 s cache_ttl; the decision id is "d-" and the request id. */
    static CheckResponse allowFor60s(CheckRequest request) {
        return CheckResponse.newBuilder().setAllow(true).setReason("test").setDecisionId("d-" + request.getRequestId())
                .setPolicyRevision("rev-1").setCacheTtlSeconds(60).build();
    }

    int port() {
        return server.getPort();
    }

    /** From now on every report is answered with this status. */
    void refuseReports(Status status) {
        refusal = status;
    }

    List<CheckRequest> checks() {
        return checks;
    }

    List<ReuseReport> reports() {
        return reports;
    }

    /** Every reported item, over all reports. */
    List<ReusedDecision> items() {
        return reports.stream().flatMap(report -> report.getItemsList().stream()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
