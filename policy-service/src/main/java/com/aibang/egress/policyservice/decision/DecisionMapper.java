package com.aibang.egress.policyservice.decision;

import static com.aibang.egress.decisionlog.InputFields.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the policy's result to a {@link Decision}, failing closed: only an object whose
 * {@code allow} is the boolean {@code true} allows; undefined or non-object results deny with
 * "no decision"; a malformed field denies with a reason naming it.
 */
public final class DecisionMapper {

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /** Decision field: seconds a proxy may reuse the decision (policy.max-cache-ttl caps it). */
    public static final String DECISION_CACHE_TTL = "cache_ttl";
    /** Default cap of cache_ttl: a policy change or a rate limit reaches reused decisions within 5 minutes. */
    public static final int DEFAULT_MAX_CACHE_TTL_SECONDS = 300;

    private DecisionMapper() {
    }

    public static Decision map(Optional<Object> result) {
        return map(result, DEFAULT_MAX_CACHE_TTL_SECONDS);
    }

    /**
     * @param maxCacheTtlSeconds cap of the decision's cache_ttl; an absent or invalid cache_ttl is 0
     *                           (a hint to the proxies, never a reason to deny)
     */
    public static Decision map(Optional<Object> result, int maxCacheTtlSeconds) {
        if (result.isEmpty() || !(result.get() instanceof Map<?, ?> decision)) {
            return Decision.failClosed(Decision.NO_DECISION);
        }
        Object allow = decision.get(DECISION_ALLOW);
        if (!(allow instanceof Boolean)) {
            return Decision.failClosed("invalid decision: " + DECISION_ALLOW + " is "
                    + (allow == null ? "missing" : "not a boolean"));
        }
        try {
            return new Decision(
                    (Boolean) allow,
                    text(decision, DECISION_REASON),
                    text(decision, DECISION_ROUTE),
                    text(decision, DECISION_RULE),
                    text(decision, DECISION_MODE),
                    unsigned(decision, DECISION_STATUS),
                    retryAfter(decision),
                    true,
                    flag(decision, DECISION_INTERNAL),
                    cacheTtl(decision.get(DECISION_CACHE_TTL), maxCacheTtlSeconds));
        } catch (IllegalArgumentException e) {
            return Decision.failClosed("invalid decision: " + e.getMessage());
        }
    }

    /** retry_after_seconds, or its short form retry_after. */
    private static int retryAfter(Map<?, ?> decision) {
        return decision.containsKey(DECISION_RETRY_AFTER) ? unsigned(decision, DECISION_RETRY_AFTER)
                : unsigned(decision, DECISION_RETRY_AFTER_SHORT);
    }

    /** Whole seconds, fractions cut off; absent, negative, non-numeric or non-finite = 0; capped at {@code max}. */
    static int cacheTtl(Object value, int max) {
        if (!(value instanceof Number number)) {
            return 0;
        }
        if (number instanceof Long || number instanceof Integer) {
            // The usual policy answer (a small integer): no decimal conversion per Check.
            long whole = number.longValue();
            return whole <= 0 ? 0 : (int) Math.min(whole, Math.max(max, 0));
        }
        BigDecimal seconds;
        try {
            seconds = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            return 0; // NaN or infinity
        }
        if (seconds.signum() <= 0) {
            return 0;
        }
        BigInteger whole = seconds.toBigInteger();
        return whole.compareTo(BigInteger.valueOf(max)) >= 0 ? Math.max(max, 0) : whole.intValue();
    }

    /** Absent means false; anything but a boolean is a malformed decision. */
    private static boolean flag(Map<?, ?> decision, String key) {
        Object value = decision.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(key + " is not a boolean");
    }

    private static String text(Map<?, ?> decision, String key) {
        Object value = decision.get(key);
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(key + " is not a string");
    }

    /** Whole numbers 0..2^32-1; the gRPC field is uint32. */
    private static int unsigned(Map<?, ?> decision, String key) {
        Object value = decision.get(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(key + " is not a number");
        }
        BigInteger whole;
        try {
            whole = number instanceof BigInteger b ? b : new BigDecimal(number.toString()).toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a whole number");
        }
        if (whole.signum() < 0 || whole.compareTo(BigInteger.valueOf(MAX_UINT32)) > 0) {
            throw new IllegalArgumentException(key + " is out of range");
        }
        return (int) whole.longValue();
    }
}
