package com.aibang.egress.policyservice.decision;

/** Field names of a decision log line; OPA's names where the meaning is the same. */
public final class DecisionLogFields {

    /** UUID of the decision, also returned to the caller (OPA: decision_id). */
    public static final String DECISION_ID = "decision_id";
    /** RFC 3339 UTC time of the decision (OPA: timestamp). */
    public static final String TIMESTAMP = "timestamp";
    /** The evaluated reference, e.g. data.egress.decision (OPA: path). */
    public static final String PATH = "path";
    /** The input document (OPA: input). */
    public static final String INPUT = "input";
    /** The policy's raw result; absent when undefined (OPA: result). */
    public static final String RESULT = "result";
    /** edge or egress, copied from the input. */
    public static final String TIER = "tier";
    /** Correlates the two tiers' lines for one client request. */
    public static final String REQUEST_ID = "request_id";
    /** Short policy bundle revision the decision was made with. */
    public static final String POLICY_REVISION = "policy_revision";
    /** Nanoseconds spent evaluating the policy. */
    public static final String EVAL_NS = "eval_ns";
    /** The final allow, after fail-closed mapping. */
    public static final String ALLOW = "allow";
    /** The final reason, after fail-closed mapping. */
    public static final String REASON = "reason";
    /** The rule that decided, when the policy named one. */
    public static final String RULE = "rule";
    /** The evaluation error, when there was one (OPA: error). */
    public static final String ERROR = "error";

    private DecisionLogFields() {
    }
}
