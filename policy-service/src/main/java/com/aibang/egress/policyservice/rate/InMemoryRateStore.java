package com.aibang.egress.policyservice.rate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts in this process: per key, 60 one-second buckets, so "the last minute" slides in
 * one-second steps. Keys idle for a minute are dropped now and then to bound memory.
 */
public final class InMemoryRateStore implements RateStore {

    private static final int BUCKETS = (int) (WINDOW_MILLIS / 1000);
    private static final long SWEEP_EVERY = 10_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;
    private final AtomicLong hits = new AtomicLong();

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
        if (hits.incrementAndGet() % SWEEP_EVERY == 0) {
            windows.values().removeIf(window -> window.idleSince(second));
        }
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
