package com.aibang.egress.policyservice.decision;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The most recent decision log entries (as logged, i.e. masked), kept in memory for the query endpoint. */
public final class RecentDecisions {

    private final int capacity;
    private final Deque<Map<String, Object>> entries;

    public RecentDecisions(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("policy.decision-log.retain must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    void add(Map<String, Object> entry) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
    }

    /** Newest first, at most {@code limit} entries matching {@code filter}. */
    public List<Map<String, Object>> find(Predicate<Map<String, Object>> filter, int limit) {
        List<Map<String, Object>> found = new ArrayList<>();
        synchronized (entries) {
            Iterator<Map<String, Object>> newestFirst = entries.descendingIterator();
            while (newestFirst.hasNext() && found.size() < limit) {
                Map<String, Object> entry = newestFirst.next();
                if (filter.test(entry)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }
}
