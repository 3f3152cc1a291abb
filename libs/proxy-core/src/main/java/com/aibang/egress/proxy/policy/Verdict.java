package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import io.grpc.Status;
import java.util.concurrent.CompletionException;

/**
 * What the proxy does with a policy answer: go ahead, or refuse. A missing answer is always a refusal.
 *
 * @param decision access-log decision value
 * @param reason the policy's reason, or why there was no decision
 * @param failure the refusal, null when the request may proceed
 * @param decidedBy where the decision came from ({@code policy-service}, {@code cache}), empty when none
 * @param decisionId the decision's id, empty when none
 * @param route the decision's route, empty for the default
 */
public record Verdict(String decision, String reason, ProxyFailure failure, String decidedBy, String decisionId,
        String route) {

    /** Mode value under which a deny is logged but not enforced. */
    public static final String MODE_REPORT = "report";

    /** Turns a completed {@link PolicyGate#check} into a verdict. */
    public static Verdict of(CheckResponse response, Throwable error) {
        return of(response == null ? null : new PolicyAnswer(response, AccessLog.DECIDED_BY_POLICY), error);
    }

    /** Turns a completed {@link PolicyGate#decide} into a verdict. */
    public static Verdict of(PolicyAnswer answer, Throwable error) {
        if (ProxyFailure.unwrap(error) instanceof ProxyFailure refusal) {
            // Refused before the policy was asked (e.g. invalid proxy credentials).
            return new Verdict(AccessLog.DECISION_NOT_ASKED, refusal.reason(), refusal, "", "", "");
        }
        if (error != null || answer == null || answer.response() == null) {
            String why = "no policy decision: " + describe(error);
            return new Verdict(AccessLog.DECISION_NONE, why, new ProxyFailure(FailureKind.NO_DECISION, why, error), "",
                    "", "");
        }
        CheckResponse response = answer.response();
        if (response.getAllow()) {
            return new Verdict(AccessLog.DECISION_ALLOW, response.getReason(), null, answer.decidedBy(),
                    response.getDecisionId(), response.getRoute());
        }
        if (MODE_REPORT.equals(response.getMode())) {
            return new Verdict(AccessLog.DECISION_REPORT, response.getReason(), null, answer.decidedBy(),
                    response.getDecisionId(), response.getRoute());
        }
        String reason = response.getReason().isBlank() ? "denied by policy" : response.getReason();
        return new Verdict(AccessLog.DECISION_DENY, reason,
                ProxyFailure.denied(reason, response.getStatus(), response.getRetryAfterSeconds()), answer.decidedBy(),
                response.getDecisionId(), response.getRoute());
    }

    public boolean allowed() {
        return failure == null;
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return "empty answer";
        }
        Status status = Status.fromThrowable(cause);
        if (status.getCode() != Status.Code.UNKNOWN) {
            return "policy-service " + status.getCode()
                    + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
