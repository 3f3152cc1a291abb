package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounded, concurrent store of policy decisions keyed by everything in the {@code Check} request except
 * its request id, each kept for the time-to-live the policy gave it. When full, the oldest insertions go
 * first; an expired decision is never returned.
 *
 * <p>In the last fifth of its life a decision is refreshed ahead of time: the first lookup there gets
 * null (that caller asks the policy-service and stores the new answer) while every other caller keeps
 * reusing the still-valid decision. Without this, all identical requests that arrive together at the
 * moment of expiry (a busy client's keep-alive connections) would ask the policy-service at once.
 */
public final class DecisionCache {

    /**
     * A stored decision; {@code sequence} tells a re-insertion of the same key apart from the one queued
     * earlier; {@code refreshing} is set once a caller has been sent to ask ahead of expiry.
     */
    private record Stored(CheckResponse response, long refreshAtNanos, long expiresAtNanos, long sequence,
            AtomicBoolean refreshing) {
    }

    private record Inserted(CheckRequest key, long sequence) {
    }

    /** Refresh ahead in the last 1/REFRESH_FRACTION of a decision's life. */
    private static final int REFRESH_FRACTION = 5;

    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Map<CheckRequest, Stored> decisions = new ConcurrentHashMap<>();
    private final Queue<Inserted> insertionOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Length of {@link #insertionOrder} (its own size() walks the whole queue). */
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * @param maxEntries most decisions kept (at least 1)
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public DecisionCache(int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("decision cache max entries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /**
     * The request without what names one request (its request id, the decision a re-check repeats): identical
     * requests of different clients share it.
     */
    public static CheckRequest keyOf(CheckRequest request) {
        if (request.getRequestId().isEmpty() && request.getRecheckOf().isEmpty()) {
            return request;
        }
        return request.toBuilder().clearRequestId().clearRecheckOf().build();
    }

    /**
     * The decision stored for this key and still within its time-to-live, or null: none stored, expired,
     * or this caller is the one chosen to refresh it ahead of expiry (see the class comment).
     */
    public CheckResponse lookup(CheckRequest key) {
        Stored stored = decisions.get(key);
        if (stored == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (now - stored.expiresAtNanos() >= 0) {
            decisions.remove(key, stored);
            return null;
        }
        if (now - stored.refreshAtNanos() >= 0 && stored.refreshing().compareAndSet(false, true)) {
            return null;
        }
        return stored.response();
    }

    /**
     * Stores a decision for its own {@code cache_ttl_seconds}. A decision without one is not stored and ends the
     * reuse of the one stored for the key: when the policy stops handing out reuse (e.g. the caller nears its
     * rate limit, or is now denied), identical requests are asked again at once, not only once the old one expires.
     */
    public void store(CheckRequest key, CheckResponse response) {
        int ttlSeconds = response.getCacheTtlSeconds();
        if (ttlSeconds <= 0) {
            decisions.remove(key);
            return;
        }
        long number = sequence.incrementAndGet();
        long now = nanoClock.getAsLong();
        long ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
        decisions.put(key, new Stored(response, now + ttlNanos - ttlNanos / REFRESH_FRACTION, now + ttlNanos, number,
                new AtomicBoolean()));
        insertionOrder.add(new Inserted(key, number));
        queued.incrementAndGet();
        // Keys stored again leave stale markers behind, hence the second bound on the queue itself.
        while (decisions.size() > maxEntries || queued.get() > 2 * maxEntries) {
            Inserted oldest = insertionOrder.poll();
            if (oldest == null) {
                break;
            }
            queued.decrementAndGet();
            Stored current = decisions.get(oldest.key());
            if (current != null && current.sequence() == oldest.sequence()) {
                decisions.remove(oldest.key(), current);
            }
        }
    }

    /** Decisions held now (expired ones included until looked up or pushed out). */
    public int size() {
        return decisions.size();
    }

    public int maxEntries() {
        return maxEntries;
    }
}
