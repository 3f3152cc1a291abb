package com.aibang.egress.policyservice.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Keys idle for a whole window are dropped a few per hit, and counts of keys still in use are kept. */
class InMemoryRateStoreSweepTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final InMemoryRateStore store = new InMemoryRateStore(clock::get);

    private static RateKeys keys(int workload) {
        return new RateKeys("edge|ns/api/sa/w" + workload, "edge|ns/api/sa/w" + workload + "|example.com:443");
    }

    @Test
    void idleKeysAreDroppedOverLaterHitsWhileActiveKeysKeepCounting() {
        for (int i = 0; i < 500; i++) {
            store.hit(keys(i), "r" + i);
        }
        assertEquals(1000, store.size(), "two windows per workload");

        clock.addAndGet(30_000);
        store.hit(keys(0), "still active");
        clock.addAndGet(31_000);
        // 61 s after the first hits: workloads 1..499 idle for a whole window; workload 0 hit 31 s ago.
        RateCounts last = null;
        for (int i = 0; i < 600; i++) {
            last = store.hit(keys(0), "a" + i);
        }
        assertEquals(2, store.size(), "only the active workload's two windows are left");
        assertEquals(601, last.sourcePerMinute(), "the active workload's hits of the last minute (the first one slid out)");
    }

    @Test
    void aKeyHitAgainBeforeTheSweepReachesItKeepsItsWindow() {
        store.hit(keys(1), "first");
        clock.addAndGet(59_000);
        store.hit(keys(1), "second");
        clock.addAndGet(2_000);
        for (int i = 0; i < 10; i++) {
            store.hit(keys(2), "other" + i);
        }
        assertEquals(4, store.size(), "workload 1 was hit 2 s ago: not idle");
        assertEquals(1, store.peek(keys(1)).sourcePerMinute(), "its first hit slid out of the minute, the second counts");
    }

    @Test
    void theFirstHitsAfterAnIdleMinuteDropTheIdleKeys() {
        store.hit(keys(1), "old");
        clock.addAndGet(61_000);
        // the first hit of this second starts a pass over workload 1's two windows and drops them
        for (int i = 0; i < 5; i++) {
            store.hit(keys(2), "new" + i);
        }
        assertEquals(2, store.size());
        assertEquals(5, store.peek(keys(2)).sourceDestinationPerMinute());
    }
}
