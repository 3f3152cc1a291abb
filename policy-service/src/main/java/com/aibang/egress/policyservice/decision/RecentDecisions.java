package com.aibang.egress.policyservice.decision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The most recent decision log entries (as logged, i.e. masked), kept in memory for the query endpoint.
 * Kept as their serialised JSON (one array each, parsed again only when queried): at thousands of
 * checks per second the retained entries are live at every young collection, and copying one array
 * per entry is far cheaper for the collector than copying each entry's maps and values.
 */
public final class RecentDecisions {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> ENTRY = new TypeReference<>() {
    };

    private final int capacity;
    private final Deque<byte[]> entries;

    public RecentDecisions(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("policy.decision-log.retain must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** @param jsonObject the entry as serialised for the log (not changed afterwards) */
    void add(byte[] jsonObject) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(jsonObject);
        }
    }

    /** Newest first, at most {@code limit} entries matching {@code filter}. */
    public List<Map<String, Object>> find(Predicate<Map<String, Object>> filter, int limit) {
        byte[][] newestLast;
        synchronized (entries) {
            newestLast = entries.toArray(new byte[0][]);
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (int i = newestLast.length - 1; i >= 0 && found.size() < limit; i--) {
            Map<String, Object> entry = parse(newestLast[i]);
            if (filter.test(entry)) {
                found.add(entry);
            }
        }
        return found;
    }

    private static Map<String, Object> parse(byte[] jsonObject) {
        try {
            return JSON.readValue(jsonObject, ENTRY);
        } catch (IOException e) {
            throw new UncheckedIOException("retained decision log entry is not JSON: " + e.getMessage(), e);
        }
    }
}
