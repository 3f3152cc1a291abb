package com.aibang.egress.decisionlog;

/** Field names of a decision log line; OPA's names where the meaning is the same. Schema: policy-service/README.md. */
public final class DecisionLogFields {

    /** UUID of the decision, also returned to the caller (OPA: decision_id). */
    public static final String DECISION_ID = "decision_id";
    /** RFC 3339 UTC time of the decision (OPA: timestamp). */
    public static final String TIMESTAMP = "timestamp";
    /** The evaluated reference, e.g. data.egress.decision (OPA: path). */
    public static final String PATH = "path";
    /** The input document after masking (OPA: input). */
    public static final String INPUT = "input";
    /** The policy's raw result; absent when undefined (OPA: result). */
    public static final String RESULT = "result";
    /** Who wrote the entry: instance id, service, version, engine (OPA: labels). */
    public static final String LABELS = "labels";
    /** Timers of this decision in nanoseconds (OPA: metrics). */
    public static final String METRICS = "metrics";
    /** Input paths removed by the mask policy (OPA: erased). */
    public static final String ERASED = "erased";
    /** Input paths replaced by the mask policy (OPA: masked). */
    public static final String MASKED = "masked";
    /** The evaluation error, when there was one (OPA: error). */
    public static final String ERROR = "error";
    /** edge or egress, copied from the input. */
    public static final String TIER = "tier";
    /** Correlates the two tiers' lines for one client request. */
    public static final String REQUEST_ID = "request_id";
    /** Short policy bundle revision the decision was made with. */
    public static final String POLICY_REVISION = "policy_revision";
    /** The final allow answered to the proxy, after fail-closed mapping. */
    public static final String ALLOW = "allow";
    /** The final reason, after fail-closed mapping. */
    public static final String REASON = "reason";
    /** The rule that decided, when the policy named one. */
    public static final String RULE = "rule";
    /** enforce or report (report = let through, logged as would-have-been-denied). */
    public static final String MODE = "mode";
    /** {@link #MODE} value: the answer was enforced. */
    public static final String MODE_ENFORCE = "enforce";
    /** {@link #MODE} value: let through, logged as what would have been denied. */
    public static final String MODE_REPORT = "report";
    /** rego (embedded engine), opa (external OPA) or fail-closed (no valid decision obtained). */
    public static final String DECIDED_BY = "decided_by";
    /** SHA-256 (hex) of the previous line; {@link HashChain#SEED} for the first entry of a chain. */
    public static final String PREV_HASH = "prev_hash";

    /**
     * Kind of entry: absent for a decision, {@link #KIND_REUSE} for a proxy's report that it reused the decision
     * {@link #DECISION_ID} (whose own entry is earlier in the log) for further requests.
     */
    public static final String KIND = "kind";
    /** {@link #KIND} value of a reuse entry. */
    public static final String KIND_REUSE = "reuse";
    /** {@link #DECIDED_BY} value of a reuse entry: the proxy answered from its decision cache. */
    public static final String DECIDED_BY_DECISION_CACHE = "decision-cache";
    /** Object of a reuse entry with the keys below. */
    public static final String REUSE = "reuse";
    /** Requests answered from the decision since the proxy's previous report. */
    public static final String REUSE_COUNT = "count";
    /** Their request ids (at most the proxy's limit). */
    public static final String REUSE_REQUEST_IDS = "request_ids";
    /** How many request ids the proxy did not list. */
    public static final String REUSE_REQUEST_IDS_OMITTED = "request_ids_omitted";
    /** RFC 3339 UTC time of the first and the last of these reuses (the proxy's clock). */
    public static final String REUSE_FIRST = "first_reused";
    public static final String REUSE_LAST = "last_reused";
    /** Id of the proxy's report batch (a batch sent again after a lost ack keeps it). */
    public static final String REUSE_REPORT_ID = "report_id";
    /** true when the reuse answered tier 2's server-name re-check (logged, not counted in input.rate). */
    public static final String REUSE_RECHECK = "recheck";

    /** Keys inside {@link #METRICS}. */
    public static final String METRIC_EVAL_NS = "timer_rego_query_eval_ns";
    public static final String METRIC_RATE_NS = "timer_rate_count_ns";

    /** Keys inside {@link #LABELS}. */
    public static final String LABEL_ID = "id";
    public static final String LABEL_SERVICE = "service";
    public static final String LABEL_VERSION = "version";
    public static final String LABEL_ENGINE = "engine";

    private DecisionLogFields() {
    }
}
