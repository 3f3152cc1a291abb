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
        long source = windows.computeIfAbsent(keys.source(), key -> new Window()).hit(second);
        long pair = windows.computeIfAbsent(keys.sourceDestination(), key -> new Window()).hit(second);
        return new RateCounts(source, pair);
    }

    @Override
    public String name() {
        return "memory";
    }

    /** Keys currently held (for tests of the sweep). */
    int size() {
        return windows.size();
    }

    private static final class Window {
        private final long[] seconds = new long[BUCKETS];
        private final long[] counts = new long[BUCKETS];
        private long latest;

        synchronized long hit(long second) {
            int index = (int) Math.floorMod(second, (long) BUCKETS);
            if (seconds[index] != second) {
                seconds[index] = second;
                counts[index] = 0;
            }
            counts[index]++;
            latest = Math.max(latest, second);
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (seconds[i] > second - BUCKETS && seconds[i] <= second) {
                    total += counts[i];
                }
            }
            return total;
        }

        synchronized boolean idleSince(long second) {
            return latest <= second - BUCKETS;
        }
    }
}
