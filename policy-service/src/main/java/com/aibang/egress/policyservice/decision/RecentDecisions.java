package com.aibang.egress.policyservice.decision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The most recent decision log entries (as logged, i.e. masked), kept in memory for the query endpoint.
 * Each entry's JSON is copied into one of {@code capacity} slots that are allocated once and reused (parsed
 * again only when queried): at thousands of checks per second the retained entries would otherwise be a
 * megabyte or more of young arrays live at every young collection, copied by each pause (a quarter of its
 * length at 10,000 checks/s); the slots instead sit in the old generation, hold no references, and cost the
 * collector nothing. The serialised array itself dies young.
 */
public final class RecentDecisions {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> ENTRY = new TypeReference<>() {
    };
    /** Entries copied per hold of the lock by a query. */
    private static final int COPY_BATCH = 64;

    private final int capacity;
    /** Ring of entries: entry number n (counting from 0) is in slots[n % capacity], lengths[n % capacity] bytes. */
    private final byte[][] slots;
    private final int[] lengths;
    /** Entries added since start; the ring holds numbers max(0, added - capacity) .. added - 1. Guarded by this. */
    private long added;

    public RecentDecisions(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("policy.decision-log.retain must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
    }

    /** @param jsonObject the entry as serialised for the log (copied; the caller may drop it) */
    void add(byte[] jsonObject) {
        if (capacity == 0) {
            return;
        }
        synchronized (this) {
            int index = (int) (added % capacity);
            byte[] slot = slots[index];
            if (slot == null || slot.length < jsonObject.length) {
                // A quarter more than needed: lines vary a little in length, so a slot is rarely replaced again.
                slot = new byte[jsonObject.length + jsonObject.length / 4];
                slots[index] = slot;
            }
            System.arraycopy(jsonObject, 0, slot, 0, jsonObject.length);
            lengths[index] = jsonObject.length;
            added++;
        }
    }

    /** Newest first, at most {@code limit} entries matching {@code filter}. */
    public List<Map<String, Object>> find(Predicate<Map<String, Object>> filter, int limit) {
        List<Map<String, Object>> found = new ArrayList<>();
        long number;
        synchronized (this) {
            number = added - 1;
        }
        List<byte[]> batch = new ArrayList<>(COPY_BATCH);
        while (found.size() < limit) {
            number = copyOlder(number, batch);
            if (batch.isEmpty()) {
                break;
            }
            for (int i = 0; i < batch.size() && found.size() < limit; i++) {
                Map<String, Object> entry = parse(batch.get(i));
                if (filter.test(entry)) {
                    found.add(entry);
                }
            }
            batch.clear();
        }
        return found;
    }

    /**
     * Copies up to {@link #COPY_BATCH} entries, newest first, from entry {@code number} down (those overwritten
     * meanwhile are gone: older than the retained ones); returns the number to continue from. A few at a time, so
     * the thread adding entries (an event loop) never waits for a whole ring's copy.
     */
    private synchronized long copyOlder(long number, List<byte[]> into) {
        long oldest = Math.max(0, added - capacity);
        while (number >= oldest && into.size() < COPY_BATCH) {
            int index = (int) (number % capacity);
            into.add(Arrays.copyOf(slots[index], lengths[index]));
            number--;
        }
        return number;
    }

    private static Map<String, Object> parse(byte[] jsonObject) {
        try {
            return JSON.readValue(jsonObject, ENTRY);
        } catch (IOException e) {
            throw new UncheckedIOException("retained decision log entry is not JSON: " + e.getMessage(), e);
        }
    }
}
