package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionMapperTest {

    @Test
    void mapsACompleteDecisionObject() {
        Decision decision = DecisionMapper.map(Optional.of(Map.of(
                "allow", false, "reason", "rate", "route", "default", "rule", "r1", "mode", "report",
                "status", BigInteger.valueOf(429), "retry_after_seconds", new BigDecimal("30"))));

        assertEquals(new Decision(false, "rate", "default", "r1", "report", 429, 30, true), decision);
    }

    @Test
    void onlyBooleanTrueAllows() {
        assertEquals(true, DecisionMapper.map(Optional.of(Map.of("allow", true))).allow());
        assertEquals(Decision.failClosed("invalid decision: allow is not a boolean"),
                DecisionMapper.map(Optional.of(Map.of("allow", "true"))));
        assertEquals(Decision.failClosed("invalid decision: allow is missing"),
                DecisionMapper.map(Optional.of(Map.of("reason", "x"))));
    }

    @Test
    void undefinedOrNonObjectResultIsNoDecision() {
        assertEquals(Decision.failClosed("no decision"), DecisionMapper.map(Optional.empty()));
        assertEquals(Decision.failClosed("no decision"), DecisionMapper.map(Optional.of(true)));
        assertEquals(Decision.failClosed("no decision"), DecisionMapper.map(Optional.of(List.of())));
    }

    @Test
    void malformedFieldsDenyWithTheirName() {
        assertEquals(Decision.failClosed("invalid decision: reason is not a string"),
                DecisionMapper.map(Optional.of(Map.of("allow", true, "reason", 1))));
        assertEquals(Decision.failClosed("invalid decision: status is not a whole number"),
                DecisionMapper.map(Optional.of(Map.of("allow", false, "status", new BigDecimal("1.5")))));
        assertEquals(Decision.failClosed("invalid decision: status is out of range"),
                DecisionMapper.map(Optional.of(Map.of("allow", false, "status", BigInteger.valueOf(-1)))));
    }

    @Test
    void cacheTtlIsWholeSecondsCappedAndZeroWhenAbsentOrInvalid() {
        assertEquals(30, ttl(BigInteger.valueOf(30), 300));
        assertEquals(2, ttl(new BigDecimal("2.7"), 300));
        assertEquals(300, ttl(BigInteger.valueOf(86_400), 300));
        assertEquals(120, ttl(new BigDecimal("1e30"), 120));
        assertEquals(0, ttl(BigInteger.valueOf(-5), 300));
        assertEquals(0, ttl("60", 300));
        assertEquals(0, ttl(true, 300));
        assertEquals(0, ttl(null, 300));
        assertEquals(0, ttl(BigInteger.valueOf(30), 0));
        // Small integers as the Rego engine hands them over (Long/Integer), the fast path.
        assertEquals(30, ttl(30L, 300));
        assertEquals(7, ttl(7, 300));
        assertEquals(300, ttl(86_400L, 300));
        assertEquals(300, ttl(Long.MAX_VALUE, 300));
        assertEquals(0, ttl(-5L, 300));
        assertEquals(0, ttl(0, 300));
        assertEquals(0, ttl(30L, 0));
    }

    @Test
    void anInvalidCacheTtlDoesNotTurnTheDecisionIntoADeny() {
        Decision decision = DecisionMapper.map(Optional.of(Map.of("allow", true, "cache_ttl", "soon")));

        assertEquals(true, decision.allow());
        assertEquals(0, decision.cacheTtlSeconds());
    }

    @Test
    void failClosedDecisionsAreNeverReused() {
        assertEquals(0, DecisionMapper.map(Optional.of(Map.of("allow", "yes", "cache_ttl", 60))).cacheTtlSeconds());
    }

    private static int ttl(Object value, int max) {
        Map<String, Object> decision = new java.util.HashMap<>(Map.of("allow", false));
        if (value != null) {
            decision.put("cache_ttl", value);
        }
        return DecisionMapper.map(Optional.of(decision), max).cacheTtlSeconds();
    }
}
