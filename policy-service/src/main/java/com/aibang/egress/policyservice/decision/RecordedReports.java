package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policy.v1.ReuseAck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The reuse reports this process recorded or is recording, by {@code report_id}: a proxy sends a batch again, with
 * the same id, when it did not get the ack (timeout, lost connection); the repeat is answered by the first attempt
 * instead of being counted in the rate store and logged a second time. Bounded: the oldest ids are forgotten first
 * (a proxy repeats a batch within seconds; thousands of ids cover far more than that).
 */
final class RecordedReports {

    /** Report ids remembered; proxies send about one report per second each. */
    static final int CAPACITY = 4096;

    private final Map<String, CompletableFuture<ReuseAck>> byId = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ReuseAck>> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Registers {@code attempt} as the recording of {@code reportId}, unless one is known already.
     *
     * @return the earlier attempt for this id (the caller answers with it and records nothing), or null
     */
    synchronized CompletableFuture<ReuseAck> claim(String reportId, CompletableFuture<ReuseAck> attempt) {
        return byId.putIfAbsent(reportId, attempt);
    }

    /** Forgets a failed attempt, so that the proxy's next repeat records the report after all. */
    synchronized void forget(String reportId, CompletableFuture<ReuseAck> attempt) {
        byId.remove(reportId, attempt);
    }
}
