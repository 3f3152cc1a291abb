package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@link PolicyGate} calling {@code policy.v1.PolicyService/Check} asynchronously with a deadline per call. */
public final class GrpcPolicyGate implements PolicyGate {

    private final PolicyServiceGrpc.PolicyServiceFutureStub stub;
    private final Duration deadline;

    public GrpcPolicyGate(Channel channel, Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("policy check deadline must be positive, got " + deadline);
        }
        this.stub = PolicyServiceGrpc.newFutureStub(channel);
        this.deadline = deadline;
    }

    @Override
    public CompletableFuture<CheckResponse> check(CheckRequest request) {
        CompletableFuture<CheckResponse> result = new CompletableFuture<>();
        try {
            ListenableFuture<CheckResponse> call = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                    .check(request);
            // Completes on the gRPC thread; the proxy hops back to its event loop itself.
            call.addListener(() -> complete(call, result), Runnable::run);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private static void complete(ListenableFuture<CheckResponse> call, CompletableFuture<CheckResponse> result) {
        try {
            result.complete(call.get());
        } catch (ExecutionException e) {
            result.completeExceptionally(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
