package com.aibang.egress.policyservice.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mask rules applied to documents, leaving the caller's documents untouched. */
class DecisionLogMaskTest {

    private static Map<String, Object> input() {
        Map<String, Object> source = new LinkedHashMap<>(Map.of("ip", "10.0.0.1", "pod", "api-1"));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("source", source);
        input.put("destination", new LinkedHashMap<>(Map.of("path", "/x?token=secret")));
        return input;
    }

    @Test
    void erasesAndUpsertsWithoutTouchingTheOriginal() {
        Map<String, Object> input = input();
        Map<String, Object> before = Map.copyOf(input);
        DecisionLogMask.Outcome outcome = DecisionLogMask.apply(Set.of("/input/source/pod",
                Map.of("op", "upsert", "path", "/input/destination/path", "value", "/x?REDACTED"),
                Map.of("op", "upsert", "path", "/input/added/field", "value", 1)), input, Map.of("allow", true));

        assertEquals(Map.of("source", Map.of("ip", "10.0.0.1"), "destination", Map.of("path", "/x?REDACTED"),
                "added", Map.of("field", 1)), outcome.input());
        assertEquals(List.of("/input/source/pod"), outcome.erased());
        assertEquals(Set.of("/input/destination/path", "/input/added/field"), Set.copyOf(outcome.masked()));
        assertEquals(before, input);
        assertEquals("api-1", ((Map<?, ?>) input.get("source")).get("pod"));
    }

    @Test
    void erasingAMissingFieldIsNotReported() {
        DecisionLogMask.Outcome outcome = DecisionLogMask.apply(Set.of("/input/nothing/here"), input(), null);

        assertEquals(List.of(), outcome.erased());
        assertEquals(input(), outcome.input());
    }

    @Test
    void badRulesAreClearErrors() {
        var notRooted = assertThrows(IllegalArgumentException.class,
                () -> DecisionLogMask.apply(Set.of("/source/pod"), input(), null));
        assertEquals("mask path must start with /input or /result: /source/pod", notRooted.getMessage());
        var badOp = assertThrows(IllegalArgumentException.class,
                () -> DecisionLogMask.apply(Set.of(Map.of("op", "delete", "path", "/input/x")), input(), null));
        assertEquals(true, badOp.getMessage().startsWith("mask operation \"op\" must be upsert or remove"));
    }

    @Test
    void pathsNameEveryErasedOrReplacedFieldOnceInOrder() {
        List<Object> rules = List.of("/input/source/pod",
                Map.of("op", "upsert", "path", "/input/destination/path", "value", "x"),
                Map.of("op", "remove", "path", "/result/reason"),
                "/input/source/pod");

        assertEquals(List.of("/input/source/pod", "/input/destination/path", "/result/reason"),
                DecisionLogMask.paths(rules));
        assertEquals(List.of(), DecisionLogMask.paths(null));
        assertEquals(List.of(), DecisionLogMask.paths(List.of()));
    }

    @Test
    void pathsRefuseWhatApplyRefuses() {
        assertThrows(IllegalArgumentException.class, () -> DecisionLogMask.paths(List.of("/source/pod")));
        assertThrows(IllegalArgumentException.class, () -> DecisionLogMask.paths(List.of(42)));
        assertThrows(IllegalArgumentException.class,
                () -> DecisionLogMask.paths(List.of(Map.of("op", "upsert", "path", "/input/x"))));
        assertThrows(IllegalArgumentException.class, () -> DecisionLogMask.paths("/input/x"));
    }
}
