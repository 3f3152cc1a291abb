package com.aibang.egress.policyservice.decision;

/** A decision after fail-closed mapping: what is answered and logged. Strings are never null. */
public record Decision(
        boolean allow,
        String reason,
        String route,
        String rule,
        String mode,
        int status,
        int retryAfterSeconds) {

    /** Reason given when the policy produced no decision object. */
    public static final String NO_DECISION = "no decision";

    /** A deny that did not come from the policy itself (no decision, invalid decision, evaluation error). */
    public static Decision failClosed(String reason) {
        return new Decision(false, reason, "", "", "", 0, 0);
    }
}
