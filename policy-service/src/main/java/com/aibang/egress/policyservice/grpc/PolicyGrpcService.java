package com.aibang.egress.policyservice.grpc;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.policyservice.decision.DecisionService;
import com.aibang.egress.policyservice.decisionlog.DecisionLogUnavailableException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.netty.util.internal.ThreadExecutorMap;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * gRPC adapter for policy.v1.PolicyService (plain grpc-java stub, served by {@link PolicyGrpcServer}: no Mutiny, no
 * interceptors, no context propagation on the hot path). Answers on the gRPC event loop (no thread hop: Rego evaluation is tens of
 * microseconds and bounded by policy.eval-timeout, and the decision log is handed over without
 * blocking), or on the worker pool with policy.evaluate-on=worker and whenever a part blocks
 * (Redis rate store, external OPA). The reply is sent once the decision log took the entry, which
 * with wait-for-write happens where the entry is written: on the same event loop (policy.decision-log.write-on-event-loop)
 * or on the log writer thread.
 */
@Singleton
public class PolicyGrpcService extends PolicyServiceGrpc.PolicyServiceImplBase {

    private static final Logger LOG = Logger.getLogger(PolicyGrpcService.class);

    private final DecisionService decisions;
    private final boolean onWorker;
    private final boolean writeOnLoop;

    PolicyGrpcService(DecisionService decisions, PolicyConfig config) {
        this.decisions = decisions;
        this.onWorker = config.evaluateOn() == PolicyConfig.CheckThread.WORKER || decisions.blocking();
        this.writeOnLoop = !onWorker && config.decisionLog().writeOnEventLoop();
    }

    void announce(@Observes StartupEvent event) {
        LOG.infof("answering Check on %s%s", onWorker ? "the worker pool" : "the gRPC event loop",
                writeOnLoop ? ", which also writes its decision log entries" : "");
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> reply) {
        if (!onWorker) {
            answer(request, reply);
            return;
        }
        try {
            Infrastructure.getDefaultWorkerPool().execute(() -> answer(request, reply));
        } catch (RejectedExecutionException e) {
            reply.onError(Status.UNAVAILABLE.withDescription("policy-service is shutting down").asRuntimeException());
        }
    }

    /**
     * Reuse reports always run on the worker pool: not latency critical, they write many log entries and, with
     * Redis, block on the rate store. An invalid report is refused whole (INVALID_ARGUMENT: the proxy drops it);
     * a log or rate store failure answers UNAVAILABLE (the proxy sends it again).
     */
    @Override
    public void reportReuse(ReuseReport report, StreamObserver<ReuseAck> reply) {
        try {
            Infrastructure.getDefaultWorkerPool().execute(() -> recordReuse(report, reply));
        } catch (RejectedExecutionException e) {
            reply.onError(Status.UNAVAILABLE.withDescription("policy-service is shutting down").asRuntimeException());
        }
    }

    private void recordReuse(ReuseReport report, StreamObserver<ReuseAck> reply) {
        CompletionStage<ReuseAck> recorded;
        try {
            recorded = decisions.recordReuse(report);
        } catch (IllegalArgumentException e) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.errorf("reuse report %s not recorded: %s", report.getReportId(), e.toString());
            reply.onError(Status.UNAVAILABLE.withDescription("reuse report not recorded: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        recorded.whenComplete((ack, failure) -> {
            if (failure == null) {
                reply.onNext(ack);
                reply.onCompleted();
            } else {
                reply.onError(unrecorded(failure));
            }
        });
    }

    private void answer(CheckRequest request, StreamObserver<CheckResponse> reply) {
        CompletionStage<CheckResponse> answered;
        try {
            answered = decisions.checkAsync(request, writeOnLoop ? currentLoop() : null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Check failed");
            reply.onError(Status.INTERNAL.withDescription("Check failed: " + e).asRuntimeException());
            return;
        }
        answered.whenComplete((response, failure) -> {
            if (failure == null) {
                reply.onNext(response);
                reply.onCompleted();
            } else {
                reply.onError(unrecorded(failure));
            }
        });
    }

    /**
     * The calling gRPC Netty event loop, which runs tasks after its current work (null off an event loop: the writer
     * thread writes). Netty's own task queue: no wrapper per Check.
     */
    private static Executor currentLoop() {
        return ThreadExecutorMap.currentExecutor();
    }

    /** An unrecorded decision is no decision: the proxies answer 503 for these statuses. */
    private static Throwable unrecorded(Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (cause instanceof DecisionLogUnavailableException e) {
            LOG.error(e.getMessage());
            Status status = e.full() ? Status.RESOURCE_EXHAUSTED : Status.UNAVAILABLE;
            return status.withDescription(e.getMessage()).asRuntimeException();
        }
        LOG.errorf(cause, "Check failed");
        return Status.INTERNAL.withDescription("Check failed: " + cause).asRuntimeException();
    }
}
