package com.aibang.egress.policyservice.rate;

import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Counts in this process: per key, 60 one-second buckets, so "the last minute" slides in
 * one-second steps. Keys idle for a minute are dropped to bound memory, a few per hit (see {@link #sweepSome}).
 */
public final class InMemoryRateStore implements RateStore {

    private static final int BUCKETS = (int) (WINDOW_MILLIS / 1000);
    /** Windows looked at per hit: a pass over N keys takes N / SWEEP_STEP hits. */
    private static final int SWEEP_STEP = 2;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;
    /** Held (tryLock only) by the hit advancing the sweep; guards {@link #sweep} and {@link #sweepStarted}. */
    private final ReentrantLock sweepLock = new ReentrantLock();
    private Iterator<Window> sweep = Collections.emptyIterator();
    private long sweepStarted = Long.MIN_VALUE;

    public InMemoryRateStore() {
        this(System::currentTimeMillis);
    }

    /** With a clock, for tests of the window's sliding. */
    public InMemoryRateStore(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public RateCounts hit(RateKeys keys, String id) {
        long second = clockMillis.getAsLong() / 1000;
        sweepSome(second);
        long source = window(keys.source()).hit(second);
        long pair = window(keys.sourceDestination()).hit(second);
        return new RateCounts(source, pair);
    }

    @Override
    public RateCounts peek(RateKeys keys) {
        long second = clockMillis.getAsLong() / 1000;
        return new RateCounts(count(keys.source(), second), count(keys.sourceDestination(), second));
    }

    private long count(String key, long second) {
        Window window = windows.get(key);
        return window == null ? 0 : window.count(second);
    }

    @Override
    public void add(RateKeys keys, String id, long count) {
        if (count <= 0) {
            return;
        }
        long second = clockMillis.getAsLong() / 1000;
        window(keys.source()).add(second, count);
        window(keys.sourceDestination()).add(second, count);
    }

    /**
     * Drops up to {@link #SWEEP_STEP} windows idle for the whole window, continuing a pass over the map (its
     * iterator is weakly consistent, so it may be kept across hits); at most one pass starts per second. Before,
     * every 10,000th hit swept the whole map at once: with thousands of keys a 0.2-0.6 ms stall of the event
     * loop once a second at 10,000 checks/s. A hit that finds another thread sweeping skips it.
     */
    private void sweepSome(long second) {
        if (!sweepLock.tryLock()) {
            return;
        }
        try {
            for (int i = 0; i < SWEEP_STEP; i++) {
                if (!sweep.hasNext()) {
                    if (sweepStarted == second) {
                        return;
                    }
                    sweepStarted = second;
                    sweep = windows.values().iterator();
                    if (!sweep.hasNext()) {
                        return;
                    }
                }
                if (sweep.next().idleSince(second)) {
                    sweep.remove();
                }
            }
        } finally {
            sweepLock.unlock();
        }
    }

    /** Lock-free lookup first: computeIfAbsent only for a key's first check. */
    private Window window(String key) {
        Window window = windows.get(key);
        return window != null ? window : windows.computeIfAbsent(key, absent -> new Window());
    }

    @Override
    public String name() {
        return "memory";
    }

    /** Keys currently held (for tests of the sweep). */
    int size() {
        return windows.size();
    }

    /**
     * One key's last minute: a count per second in a ring, plus their running total, so a hit
     * costs O(1) (buckets are cleared as the clock passes them, not summed on every hit).
     */
    private static final class Window {
        private final long[] counts = new long[BUCKETS];
        private long latest = Long.MIN_VALUE;
        private long total;

        synchronized long hit(long second) {
            return add(second, 1);
        }

        synchronized long add(long second, long count) {
            advanceTo(second);
            // A hit stamped a little earlier than the newest one (threads race on the clock) counts now.
            counts[index(latest)] += count;
            total += count;
            return total;
        }

        synchronized long count(long second) {
            advanceTo(second);
            return total;
        }

        private void advanceTo(long second) {
            if (latest == Long.MIN_VALUE || second - latest >= BUCKETS) {
                java.util.Arrays.fill(counts, 0);
                total = 0;
                latest = second;
                return;
            }
            while (latest < second) {
                latest++;
                int index = index(latest);
                total -= counts[index];
                counts[index] = 0;
            }
        }

        private static int index(long second) {
            return (int) Math.floorMod(second, (long) BUCKETS);
        }

        synchronized boolean idleSince(long second) {
            return latest <= second - BUCKETS;
        }
    }
}
