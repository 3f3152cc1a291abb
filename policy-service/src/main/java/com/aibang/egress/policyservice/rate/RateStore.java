package com.aibang.egress.policyservice.rate;

/** Counts checks over a sliding minute; shared by all threads (and, for Redis, all replicas). */
public interface RateStore {

    /** Length of the sliding window. */
    long WINDOW_MILLIS = 60_000;

    /**
     * Records one check for the source and for the (source, destination) pair and returns both
     * counts over the last minute, this check included.
     *
     * @param id unique per check (the decision id), so that stores keeping events never merge two
     * @throws RuntimeException when the store cannot be reached; the caller fails closed
     */
    RateCounts hit(RateKeys keys, String id);

    /**
     * The counts over the last minute without recording a check (a tunnel's re-check, counted once already).
     *
     * @throws RuntimeException when the store cannot be reached; the caller fails closed
     */
    RateCounts peek(RateKeys keys);

    /**
     * Records {@code count} checks a proxy answered from a reused decision (reported after the fact), so they
     * count against the limits like checks asked one by one.
     *
     * @param id unique per report item, so that stores keeping events never merge two
     * @throws RuntimeException when the store cannot be reached
     */
    void add(RateKeys keys, String id, long count);

    /** "memory" or "redis", for logs. */
    String name();

    /** Whether {@link #hit} waits on the network (then Checks run on worker threads, not the event loop). */
    default boolean blocking() {
        return false;
    }
}
