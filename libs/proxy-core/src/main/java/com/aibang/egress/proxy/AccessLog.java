package com.aibang.egress.proxy;

import org.jboss.logging.Logger;

/** One canonical log line per request or tunnel; field names are constants so tooling can rely on them. */
public final class AccessLog {

    /** Logger category of access lines. */
    public static final String CATEGORY = "com.aibang.egress.proxy.access";
    public static final String FIELD_REQUEST_ID = "request_id";
    public static final String FIELD_TIER = "tier";
    public static final String FIELD_SOURCE = "source";
    public static final String FIELD_DESTINATION = "destination";
    public static final String FIELD_METHOD = "method";
    public static final String FIELD_DECISION = "decision";
    public static final String FIELD_STATUS = "status";
    public static final String FIELD_REASON = "reason";

    /** The policy allowed it. */
    public static final String DECISION_ALLOW = "allow";
    /** The policy denied it. */
    public static final String DECISION_DENY = "deny";
    /** The policy denied it in report mode; it was let through. */
    public static final String DECISION_REPORT = "deny-report";
    /** No decision was obtained (fail closed). */
    public static final String DECISION_NONE = "none";
    /** The request was refused before asking (malformed). */
    public static final String DECISION_NOT_ASKED = "not-asked";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private AccessLog() {
    }

    /** Writes one line: {@code request_id=... tier=... source=... destination=... method=... decision=... status=... reason="..."}. */
    public static void record(ProxyTier tier, String requestId, String source, String destination, String method,
            String decision, int status, String reason) {
        LOG.infof("%s=%s %s=%s %s=%s %s=%s %s=%s %s=%s %s=%d %s=\"%s\"",
                FIELD_REQUEST_ID, requestId, FIELD_TIER, tier.label(), FIELD_SOURCE, source,
                FIELD_DESTINATION, destination, FIELD_METHOD, method, FIELD_DECISION, decision,
                FIELD_STATUS, status, FIELD_REASON, reason == null ? "" : reason.replace('"', '\''));
    }
}
