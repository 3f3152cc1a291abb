package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retained entries: newest first, the oldest overwritten, entries of any length, limit and filter. */
class RecentDecisionsTest {

    private static byte[] entry(int number, String padding) {
        return ("{\"n\":" + number + ",\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<Object> numbers(List<Map<String, Object>> entries) {
        return entries.stream().map(e -> e.get("n")).toList();
    }

    @Test
    void keepsTheNewestEntriesNewestFirst() {
        RecentDecisions recent = new RecentDecisions(3);
        for (int i = 1; i <= 5; i++) {
            recent.add(entry(i, ""));
        }
        assertEquals(List.of(5, 4, 3), numbers(recent.find(e -> true, 10)));
        assertEquals(List.of(5, 4), numbers(recent.find(e -> true, 2)));
        assertEquals(List.of(4), numbers(recent.find(e -> e.get("n").equals(4), 10)));
    }

    @Test
    void entriesLongerOrShorterThanTheSlotTheyReplaceReadBackExactly() {
        RecentDecisions recent = new RecentDecisions(2);
        recent.add(entry(1, "x".repeat(3000)));
        recent.add(entry(2, ""));
        recent.add(entry(3, "y".repeat(10)));
        recent.add(entry(4, "z".repeat(5000)));
        List<Map<String, Object>> found = recent.find(e -> true, 10);
        assertEquals(List.of(4, 3), numbers(found));
        assertEquals("z".repeat(5000), found.get(0).get("pad"));
        assertEquals("y".repeat(10), found.get(1).get("pad"), "a short entry in a longer slot ends where it ends");
    }

    @Test
    void theCallersArrayMayChangeAfterAdding() {
        RecentDecisions recent = new RecentDecisions(1);
        byte[] json = entry(7, "");
        recent.add(json);
        json[5] = '8';
        assertEquals(List.of(7), numbers(recent.find(e -> true, 1)));
    }

    @Test
    void aRingLargerThanOneCopyBatchIsReadWhole() {
        RecentDecisions recent = new RecentDecisions(200);
        for (int i = 1; i <= 450; i++) {
            recent.add(entry(i, ""));
        }
        List<Object> found = numbers(recent.find(e -> true, 1000));
        assertEquals(200, found.size());
        assertEquals(450, found.get(0));
        assertEquals(251, found.get(199));
        assertEquals(List.of(260), numbers(recent.find(e -> e.get("n").equals(260), 1000)));
    }

    @Test
    void noneRetainedWithCapacityZeroAndNegativeIsRefused() {
        RecentDecisions recent = new RecentDecisions(0);
        recent.add(entry(1, ""));
        assertTrue(recent.find(e -> true, 10).isEmpty());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new RecentDecisions(-1));
        assertTrue(refused.getMessage().contains("policy.decision-log.retain"), refused.getMessage());
    }
}
