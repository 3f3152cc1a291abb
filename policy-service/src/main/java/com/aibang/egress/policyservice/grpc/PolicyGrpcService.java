package com.aibang.egress.policyservice.grpc;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyService;
import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.policyservice.decision.DecisionService;
import com.aibang.egress.policyservice.decisionlog.DecisionLogUnavailableException;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * gRPC adapter for policy.v1.PolicyService. Answers on the gRPC event loop (no thread hop: Rego
 * evaluation is tens of microseconds and bounded by policy.eval-timeout, the decision log is handed
 * over without blocking), or on the worker pool with policy.evaluate-on=worker and whenever a part
 * blocks (Redis rate store, external OPA).
 */
@GrpcService
public class PolicyGrpcService implements PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyGrpcService.class);

    private final DecisionService decisions;
    private final boolean onWorker;

    PolicyGrpcService(DecisionService decisions, PolicyConfig config) {
        this.decisions = decisions;
        this.onWorker = config.evaluateOn() == PolicyConfig.CheckThread.WORKER || decisions.blocking();
    }

    void announce(@Observes StartupEvent event) {
        LOG.infof("answering Check on %s", onWorker ? "the worker pool" : "the gRPC event loop");
    }

    @Override
    @NonBlocking
    public Uni<CheckResponse> check(CheckRequest request) {
        Uni<CheckResponse> answer = Uni.createFrom().completionStage(() -> decisions.checkAsync(request))
                .onFailure(failure -> unwrap(failure) instanceof DecisionLogUnavailableException)
                .transform(PolicyGrpcService::unrecorded);
        return onWorker ? answer.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : answer;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure;
    }

    /** An unrecorded decision is no decision: the proxies answer 503 for these statuses. */
    private static Throwable unrecorded(Throwable failure) {
        DecisionLogUnavailableException e = (DecisionLogUnavailableException) unwrap(failure);
        LOG.error(e.getMessage());
        Status status = e.full() ? Status.RESOURCE_EXHAUSTED : Status.UNAVAILABLE;
        return status.withDescription(e.getMessage()).asRuntimeException();
    }
}
