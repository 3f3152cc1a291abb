package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.rate.RateKeys;
import com.aibang.egress.policyservice.rate.RateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes a proxy's report of reused decisions: counts each reuse in the rate store under the same keys as a
 * check (so the limits bite, at most one report interval late; re-checks of tunnels are not counted, they were
 * once already), then writes one decision-log entry per reused decision ({@code "kind": "reuse"}, chained like
 * every entry). The ack is due once every entry is accepted by the log. A report sent again with the same
 * {@code report_id} (its ack was lost) is answered by the first recording ({@link RecordedReports}).
 */
final class ReuseRecords {

    /** Most reused decisions in one report (the proxies send at most 500). */
    static final int MAX_ITEMS = 10_000;
    /** Most request ids listed for one reused decision (the proxies list at most their limit, 20 by default). */
    static final int MAX_REQUEST_IDS = 1_000;

    /** The mask policy's answer for an input (DecisionService's). */
    @FunctionalInterface
    interface Masker {
        MaskAnswer mask(String decisionId, Object input, Object result);
    }

    private final String decisionPath;
    private final DecisionLogQueue decisionLog;
    private final RateStore rates;
    private final Map<String, Object> labels;
    private final RecentDecisions recent;
    private final Masker masker;
    private final RecordedReports recorded = new RecordedReports();

    ReuseRecords(String decisionPath, DecisionLogQueue decisionLog, RateStore rates, Map<String, Object> labels,
            RecentDecisions recent, Masker masker) {
        this.decisionPath = decisionPath;
        this.decisionLog = decisionLog;
        this.rates = rates;
        this.labels = labels;
        this.recent = recent;
        this.masker = masker;
    }

    /**
     * Counts and logs a report. Blocks with a blocking rate store (Redis).
     *
     * @throws IllegalArgumentException when the report is invalid (nothing is counted or logged then)
     * @throws RuntimeException when the rate store cannot be reached
     */
    CompletionStage<ReuseAck> record(ReuseReport report) {
        validate(report);
        CompletableFuture<ReuseAck> attempt = new CompletableFuture<>();
        CompletableFuture<ReuseAck> earlier = recorded.claim(report.getReportId(), attempt);
        if (earlier != null) {
            return earlier;
        }
        try {
            countAndLog(report).whenComplete((ack, error) -> {
                if (error != null) {
                    recorded.forget(report.getReportId(), attempt);
                    attempt.completeExceptionally(error);
                } else {
                    attempt.complete(ack);
                }
            });
        } catch (RuntimeException e) {
            recorded.forget(report.getReportId(), attempt);
            // A repeat that arrived meanwhile was handed this attempt: it must fail too, not wait forever.
            attempt.completeExceptionally(e);
            throw e;
        }
        return attempt;
    }

    private CompletableFuture<ReuseAck> countAndLog(ReuseReport report) {
        Instant now = Instant.now();
        List<CompletableFuture<Void>> logged = new ArrayList<>(report.getItemsCount());
        for (int i = 0; i < report.getItemsCount(); i++) {
            ReusedDecision item = report.getItems(i);
            Map<String, Object> input = CheckInputBuilder.build(item.getRequest());
            long started = System.nanoTime();
            if (!item.getRecheck()) {
                rates.add(RateKeys.of(input), report.getReportId() + "/" + i, item.getCount());
            }
            long rateNs = item.getRecheck() ? DecisionLogRecord.NOT_COUNTED : System.nanoTime() - started;
            String decisionId = item.getDecision().getDecisionId();
            MaskAnswer mask = masker.mask(decisionId, input, null);
            logged.add(decisionLog.submitAsync(new ReuseLogRecord(decisionPath, now, report.getReportId(), item, input,
                    mask, labels, rateNs, recent)));
        }
        ReuseAck ack = ReuseAck.newBuilder().setAccepted(report.getItemsCount()).build();
        return CompletableFuture.allOf(logged.toArray(CompletableFuture[]::new)).thenApply(done -> ack);
    }

    private static void validate(ReuseReport report) {
        if (report.getReportId().isBlank()) {
            throw new IllegalArgumentException("reuse report without report_id");
        }
        if (report.getItemsCount() > MAX_ITEMS) {
            throw new IllegalArgumentException("reuse report " + report.getReportId() + " has " + report.getItemsCount()
                    + " items, at most " + MAX_ITEMS + " are accepted");
        }
        for (int i = 0; i < report.getItemsCount(); i++) {
            ReusedDecision item = report.getItems(i);
            String where = "reuse report " + report.getReportId() + " item " + i + ": ";
            if (item.getDecision().getDecisionId().isBlank()) {
                throw new IllegalArgumentException(where + "decision.decision_id is empty");
            }
            if (item.getCount() < 1) {
                throw new IllegalArgumentException(where + "count must be at least 1, got " + item.getCount());
            }
            Tier tier = item.getRequest().getTier();
            if (tier != Tier.TIER_EDGE && tier != Tier.TIER_EGRESS) {
                throw new IllegalArgumentException(where + "request.tier must be TIER_EDGE or TIER_EGRESS, got " + tier);
            }
            if (item.getRequestIdsCount() > MAX_REQUEST_IDS) {
                throw new IllegalArgumentException(where + item.getRequestIdsCount()
                        + " request ids, at most " + MAX_REQUEST_IDS + " are accepted (count the rest as omitted)");
            }
            if (item.getRequestIdsCount() > item.getCount()) {
                throw new IllegalArgumentException(where + "more request ids (" + item.getRequestIdsCount()
                        + ") than reuses (" + item.getCount() + ")");
            }
        }
    }
}
