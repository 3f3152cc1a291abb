package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.proxy.ProxyEventLoops;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@link PolicyGate} calling {@code policy.v1.PolicyService/Check} asynchronously with a deadline per call.
 *
 * <p>Built with {@link #onEventLoops} it keeps one gRPC connection per proxy event loop, running on that
 * loop with a direct executor: a check asked on a loop is written, answered and completed on that same
 * thread. Built from a given {@link Channel} (e.g. Quarkus' client) the answer completes on the channel's
 * transport thread, never on a further executor.
 *
 * <p>grpc-java backs off exponentially (up to two minutes) between reconnect attempts, so after an
 * outage a proxy would keep answering 503 long after the policy-service is back. When a call fails
 * with UNAVAILABLE this gate resets the channels' backoff, at most once per {@link #RECONNECT_INTERVAL},
 * so the next attempt happens at once without turning every refused request into a connect storm.
 */
public final class GrpcPolicyGate implements PolicyGate, AutoCloseable {

    /** Deadline of one reuse report. */
    public static final Duration REPORT_DEADLINE = Duration.ofSeconds(5);

    /** Least time between two forced reconnects. */
    public static final Duration RECONNECT_INTERVAL = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(GrpcPolicyGate.class);
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /** One channel with its stub; {@code loop} is the event loop it runs on, null for a shared channel. */
    private record Lane(EventLoop loop, Channel channel, PolicyServiceGrpc.PolicyServiceStub stub) {
    }

    private final Lane[] lanes;
    /** The channels this gate made and closes; empty when the channel was handed in. */
    private final List<ManagedChannel> owned;
    private final Duration deadline;
    private final AtomicLong lastReset = new AtomicLong(System.nanoTime() - RECONNECT_INTERVAL.toNanos());
    /** Outcome of the last call: answered, or failed to reach the service. */
    private volatile boolean lastCallReachedService;

    /** Calls over the given channel; the caller owns (and closes) it. */
    public GrpcPolicyGate(Channel channel, Duration deadline) {
        this(new Lane[] {lane(null, channel)}, List.of(), deadline);
        if (!(channel instanceof ManagedChannel)) {
            LOG.warnf("policy channel %s is not a ManagedChannel; reconnects follow gRPC's own backoff",
                    channel.getClass().getName());
        }
    }

    private GrpcPolicyGate(Lane[] lanes, List<ManagedChannel> owned, Duration deadline) {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("policy check deadline must be positive, got " + deadline);
        }
        this.lanes = lanes;
        this.owned = owned;
        this.deadline = deadline;
        // Connect now, so the first request does not pay the connection setup inside its deadline.
        for (Lane lane : lanes) {
            if (lane.channel() instanceof ManagedChannel managed) {
                managed.getState(true);
            }
        }
    }

    /**
     * A plain-text gate with one connection to {@code host:port} per event loop of {@code loops}, each
     * running on its loop; {@link #close()} shuts them down (before the loops are closed).
     */
    public static GrpcPolicyGate onEventLoops(ProxyEventLoops loops, String host, int port, Duration deadline) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("policy-service host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("policy-service port must be 1..65535, got " + port);
        }
        List<EventLoop> eventLoops = loops.loops();
        Lane[] lanes = new Lane[eventLoops.size()];
        List<ManagedChannel> owned = new ArrayList<>();
        for (int i = 0; i < lanes.length; i++) {
            EventLoop loop = eventLoops.get(i);
            ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                    .eventLoopGroup(loop)
                    .channelType(loops.transport().channelClass())
                    .directExecutor()
                    // A Check is refused (fail closed) rather than retried: no retry buffering per call.
                    .disableRetry()
                    .usePlaintext()
                    .build();
            owned.add(channel);
            lanes[i] = lane(loop, channel);
        }
        return new GrpcPolicyGate(lanes, List.copyOf(owned), deadline);
    }

    private static Lane lane(EventLoop loop, Channel channel) {
        // The direct executor runs the answer on the transport thread instead of handing it to another pool.
        return new Lane(loop, channel, PolicyServiceGrpc.newStub(channel).withExecutor(MoreExecutors.directExecutor()));
    }

    @Override
    public CompletableFuture<CheckResponse> check(CheckRequest request) {
        CompletableFuture<CheckResponse> result = new CompletableFuture<>();
        try {
            currentLane().stub().withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                    .check(request, new Answer(result));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Sends a reuse report over the first connection, with {@link #REPORT_DEADLINE}: a report is larger than a
     * check and nobody waits for it, so it gets more time than a check's deadline.
     */
    @Override
    public CompletableFuture<ReuseAck> reportReuse(ReuseReport report) {
        CompletableFuture<ReuseAck> result = new CompletableFuture<>();
        try {
            lanes[0].stub().withDeadlineAfter(REPORT_DEADLINE.toNanos(), TimeUnit.NANOSECONDS)
                    .reportReuse(report, new Unary<>(result, "policy-service sent no reuse acknowledgement"));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** The lane of the calling event loop; off the loops (tests, health checks) the first one. */
    private Lane currentLane() {
        for (Lane lane : lanes) {
            if (lane.loop() != null && lane.loop().inEventLoop()) {
                return lane;
            }
        }
        return lanes[0];
    }

    /**
     * True while a channel is connected; while they are idle or connecting, whether the last call got an
     * answer. Asking also makes an idle channel connect, so repeated readiness probes converge.
     */
    @Override
    public boolean reachable() {
        boolean managedSeen = false;
        boolean connecting = false;
        for (Lane lane : lanes) {
            if (lane.channel() instanceof ManagedChannel managed) {
                managedSeen = true;
                ConnectivityState state = managed.getState(true);
                if (state == ConnectivityState.READY) {
                    return true;
                }
                connecting |= state == ConnectivityState.IDLE || state == ConnectivityState.CONNECTING;
            }
        }
        return (!managedSeen || connecting) && lastCallReachedService;
    }

    /** Shuts down the channels this gate made (none when the channel was handed in). */
    @Override
    public void close() {
        owned.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : owned) {
            try {
                channel.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void onFailure(Throwable cause) {
        Status.Code code = Status.fromThrowable(cause).getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            lastCallReachedService = false;
        }
        if (code != Status.Code.UNAVAILABLE) {
            return;
        }
        long now = System.nanoTime();
        long last = lastReset.get();
        if (now - last >= RECONNECT_INTERVAL.toNanos() && lastReset.compareAndSet(last, now)) {
            for (Lane lane : lanes) {
                if (lane.channel() instanceof ManagedChannel managed) {
                    managed.resetConnectBackoff();
                }
            }
        }
    }

    /** Completes a report's future from the unary call's events (no reachability bookkeeping: checks do that). */
    private static final class Unary<T> implements StreamObserver<T> {
        private final CompletableFuture<T> result;
        private final String noAnswer;
        private T response;

        Unary(CompletableFuture<T> result, String noAnswer) {
            this.result = result;
            this.noAnswer = noAnswer;
        }

        @Override
        public void onNext(T value) {
            response = value;
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            if (response == null) {
                result.completeExceptionally(Status.INTERNAL.withDescription(noAnswer).asRuntimeException());
            } else {
                result.complete(response);
            }
        }
    }

    /** Completes the caller's future from the unary call's events. */
    private final class Answer implements StreamObserver<CheckResponse> {
        private final CompletableFuture<CheckResponse> result;
        private CheckResponse response;

        Answer(CompletableFuture<CheckResponse> result) {
            this.result = result;
        }

        @Override
        public void onNext(CheckResponse value) {
            response = value;
        }

        @Override
        public void onError(Throwable error) {
            onFailure(error);
            result.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            if (response == null) {
                result.completeExceptionally(Status.INTERNAL.withDescription("policy-service sent no decision")
                        .asRuntimeException());
                return;
            }
            lastCallReachedService = true;
            result.complete(response);
        }
    }
}
