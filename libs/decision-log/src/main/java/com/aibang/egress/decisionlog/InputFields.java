package com.aibang.egress.decisionlog;

/** Field names of the Rego input document (DESIGN.md contract) and of the decision object. */
public final class InputFields {

    public static final String TIER = "tier";
    public static final String REQUEST_ID = "request_id";
    public static final String SOURCE = "source";
    public static final String DESTINATION = "destination";

    public static final String SOURCE_IP = "ip";
    public static final String SOURCE_NAMESPACE = "namespace";
    public static final String SOURCE_POD = "pod";
    public static final String SOURCE_SERVICE_ACCOUNT = "service_account";
    public static final String SOURCE_LABELS = "labels";
    public static final String SOURCE_AUTHENTICATED_BY = "authenticated_by";
    public static final String SOURCE_NODE = "node";

    public static final String DEST_HOST = "host";
    public static final String DEST_PORT = "port";
    public static final String DEST_METHOD = "method";
    public static final String DEST_SCHEME = "scheme";
    public static final String DEST_PATH = "path";
    public static final String DEST_RESOLVED_IPS = "resolved_ips";
    public static final String DEST_SNI = "sni";

    public static final String TIER_EDGE = "edge";
    public static final String TIER_EGRESS = "egress";

    /** Keys of the decision object the policy returns. */
    public static final String DECISION_ALLOW = "allow";
    public static final String DECISION_REASON = "reason";
    public static final String DECISION_ROUTE = "route";
    public static final String DECISION_RULE = "rule";
    public static final String DECISION_MODE = "mode";
    public static final String DECISION_STATUS = "status";
    public static final String DECISION_RETRY_AFTER = "retry_after_seconds";
    public static final String DECISION_RETRY_AFTER_SHORT = "retry_after";
    /** true: tier 2 may reach the destination's internal (loopback, private...) addresses. */
    public static final String DECISION_INTERNAL = "internal";

    /**
     * Decision id of the tunnel's CONNECT check when tier 2 asks again with the TLS server name (not counted
     * again in {@link #RATE}).
     */
    public static final String RECHECK_OF = "recheck_of";

    /** Counts the service adds to the input (DESIGN.md input.rate). */
    public static final String RATE = "rate";

    private InputFields() {
    }
}
