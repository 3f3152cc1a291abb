package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@link PolicyGate} calling {@code policy.v1.PolicyService/Check} asynchronously with a deadline per call.
 *
 * <p>grpc-java backs off exponentially (up to two minutes) between reconnect attempts, so after an
 * outage a proxy would keep answering 503 long after the policy-service is back. When a call fails
 * with UNAVAILABLE this gate resets the channel's backoff, at most once per {@link #RECONNECT_INTERVAL},
 * so the next attempt happens at once without turning every refused request into a connect storm.
 */
public final class GrpcPolicyGate implements PolicyGate {

    /** Least time between two forced reconnects. */
    public static final Duration RECONNECT_INTERVAL = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(GrpcPolicyGate.class);

    private final PolicyServiceGrpc.PolicyServiceFutureStub stub;
    private final ManagedChannel managed;
    private final Duration deadline;
    private final AtomicLong lastReset = new AtomicLong(System.nanoTime() - RECONNECT_INTERVAL.toNanos());
    /** Outcome of the last call: answered, or failed to reach the service. */
    private volatile boolean lastCallReachedService;

    public GrpcPolicyGate(Channel channel, Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("policy check deadline must be positive, got " + deadline);
        }
        this.stub = PolicyServiceGrpc.newFutureStub(channel);
        this.managed = channel instanceof ManagedChannel m ? m : null;
        if (managed == null) {
            LOG.warnf("policy channel %s is not a ManagedChannel; reconnects follow gRPC's own backoff",
                    channel.getClass().getName());
        } else {
            // Connect now, so the first request does not pay the connection setup inside its deadline.
            managed.getState(true);
        }
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

    /**
     * True while the channel is connected; while it is idle or connecting, whether the last call got an
     * answer. Asking also makes an idle channel connect, so repeated readiness probes converge.
     */
    @Override
    public boolean reachable() {
        if (managed == null) {
            return lastCallReachedService;
        }
        ConnectivityState state = managed.getState(true);
        return switch (state) {
            case READY -> true;
            case TRANSIENT_FAILURE, SHUTDOWN -> false;
            case IDLE, CONNECTING -> lastCallReachedService;
        };
    }

    private void complete(ListenableFuture<CheckResponse> call, CompletableFuture<CheckResponse> result) {
        try {
            result.complete(call.get());
            lastCallReachedService = true;
        } catch (ExecutionException e) {
            onFailure(e.getCause());
            result.completeExceptionally(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private void onFailure(Throwable cause) {
        Status.Code code = Status.fromThrowable(cause).getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            lastCallReachedService = false;
        }
        if (managed == null || code != Status.Code.UNAVAILABLE) {
            return;
        }
        long now = System.nanoTime();
        long last = lastReset.get();
        if (now - last >= RECONNECT_INTERVAL.toNanos() && lastReset.compareAndSet(last, now)) {
            managed.resetConnectBackoff();
        }
    }
}
