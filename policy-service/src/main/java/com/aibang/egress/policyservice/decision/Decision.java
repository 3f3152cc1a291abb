package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogFields;

/**
 * A decision after fail-closed mapping: what is answered and logged. Strings are never null.
 * {@code fromPolicy} is false when the service denied because no valid decision was obtained.
 * {@code cacheTtlSeconds}: how long a proxy may reuse the decision (0 = ask every time).
 */
public record Decision(
        boolean allow,
        String reason,
        String route,
        String rule,
        String mode,
        int status,
        int retryAfterSeconds,
        boolean fromPolicy,
        boolean internal,
        int cacheTtlSeconds) {

    /** A decision that does not mark the destination internal and may not be reused (the usual case). */
    public Decision(boolean allow, String reason, String route, String rule, String mode, int status,
            int retryAfterSeconds, boolean fromPolicy) {
        this(allow, reason, route, rule, mode, status, retryAfterSeconds, fromPolicy, false, 0);
    }

    /** Reason given when the policy produced no decision object. */
    public static final String NO_DECISION = "no decision";
    /** mode value: let through, log as would-have-been-denied. */
    public static final String MODE_REPORT = DecisionLogFields.MODE_REPORT;
    /** mode value: the decision is enforced (also what an empty mode means). */
    public static final String MODE_ENFORCE = DecisionLogFields.MODE_ENFORCE;

    /** A deny that did not come from the policy itself (no decision, invalid decision, evaluation error). */
    public static Decision failClosed(String reason) {
        return new Decision(false, reason, "", "", "", 0, 0, false);
    }

    /** A deny the proxies let through and log (report mode). */
    public boolean reportOnly() {
        return !allow && MODE_REPORT.equals(mode);
    }
}
