package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReusedDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * The reuses of one decision for one cache key since the last report. Adding and sealing share one lock, so
 * a reuse is either in the report being built or refused (and then recorded in the next tally), never lost.
 */
final class ReuseTally {

    private final CheckResponse decision;
    private final CheckRequest request;
    private final boolean recheck;
    private final List<String> requestIds = new ArrayList<>();
    private int count;
    private int omitted;
    private long firstMillis;
    private long lastMillis;
    private boolean sealed;

    ReuseTally(CheckResponse decision, CheckRequest request, boolean recheck) {
        this.decision = decision;
        this.request = request;
        this.recheck = recheck;
    }

    /** @return false once sealed: the caller records the reuse in a new tally */
    synchronized boolean add(String requestId, long nowMillis, int maxRequestIds) {
        if (sealed) {
            return false;
        }
        if (count == 0) {
            firstMillis = nowMillis;
        }
        count++;
        lastMillis = Math.max(lastMillis, nowMillis);
        if (requestIds.size() < maxRequestIds && !requestId.isEmpty()) {
            requestIds.add(requestId);
        } else {
            omitted++;
        }
        return true;
    }

    /** Ends the tally: its report item. */
    synchronized ReusedDecision seal() {
        sealed = true;
        return ReusedDecision.newBuilder()
                .setDecision(decision)
                .setRequest(request)
                .setCount(count)
                .addAllRequestIds(requestIds)
                .setRequestIdsOmitted(omitted)
                .setFirstUnixMillis(firstMillis)
                .setLastUnixMillis(lastMillis)
                .setRecheck(recheck)
                .build();
    }
}
