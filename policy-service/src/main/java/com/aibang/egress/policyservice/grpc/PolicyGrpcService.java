package com.aibang.egress.policyservice.grpc;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.PolicyService;
import com.aibang.egress.policyservice.decision.DecisionService;
import com.aibang.egress.policyservice.decisionlog.DecisionLogUnavailableException;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** gRPC adapter for policy.v1.PolicyService; runs on a worker thread because evaluation and logging block. */
@GrpcService
public class PolicyGrpcService implements PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyGrpcService.class);

    private final DecisionService decisions;

    PolicyGrpcService(DecisionService decisions) {
        this.decisions = decisions;
    }

    @Override
    @Blocking
    public Uni<CheckResponse> check(CheckRequest request) {
        try {
            return Uni.createFrom().item(decisions.check(request));
        } catch (DecisionLogUnavailableException e) {
            // An unrecorded decision is no decision: the proxies answer 503 for these statuses.
            LOG.error(e.getMessage());
            Status status = e.full() ? Status.RESOURCE_EXHAUSTED : Status.UNAVAILABLE;
            return Uni.createFrom().failure(status.withDescription(e.getMessage()).asRuntimeException());
        }
    }
}
