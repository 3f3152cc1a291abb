package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One decision-log entry for a reused decision ({@code "kind": "reuse"}; schema in policy-service/README.md):
 * the decision id and answer the proxy reused, the request it was reused for (masked like a decision's input),
 * how often and for which request ids. Built and masked on the log writer thread, like a decision's entry.
 */
final class ReuseLogRecord implements DecisionLogQueue.Entry {

    private static final Logger LOG = Logger.getLogger(ReuseLogRecord.class);

    private final String path;
    private final Instant timestamp;
    private final String reportId;
    private final ReusedDecision item;
    private final Map<String, Object> input;
    private final MaskAnswer mask;
    private final Map<String, Object> labels;
    private final long rateNs;
    private final RecentDecisions recent;

    ReuseLogRecord(String path, Instant timestamp, String reportId, ReusedDecision item, Map<String, Object> input,
            MaskAnswer mask, Map<String, Object> labels, long rateNs, RecentDecisions recent) {
        this.path = path;
        this.timestamp = timestamp;
        this.reportId = reportId;
        this.item = item;
        this.input = input;
        this.mask = mask;
        this.labels = labels;
        this.rateNs = rateNs;
        this.recent = recent;
    }

    @Override
    public byte[] render() {
        byte[] json = DecisionLogWriter.serialize(entry());
        if (recent != null) {
            recent.add(json);
        }
        return json;
    }

    Map<String, Object> entry() {
        CheckResponse decision = item.getDecision();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(DecisionLogFields.DECISION_ID, decision.getDecisionId());
        entry.put(DecisionLogFields.KIND, DecisionLogFields.KIND_REUSE);
        entry.put(DecisionLogFields.TIMESTAMP, DateTimeFormatter.ISO_INSTANT.format(timestamp));
        entry.put(DecisionLogFields.PATH, path);
        if (input.get(InputFields.TIER) instanceof String tier) {
            entry.put(DecisionLogFields.TIER, tier);
        }
        if (!decision.getPolicyRevision().isEmpty()) {
            entry.put(DecisionLogFields.POLICY_REVISION, decision.getPolicyRevision());
        }
        entry.put(DecisionLogFields.DECIDED_BY, DecisionLogFields.DECIDED_BY_DECISION_CACHE);
        entry.put(DecisionLogFields.ALLOW, decision.getAllow());
        entry.put(DecisionLogFields.REASON, decision.getReason());
        if (!decision.getRule().isEmpty()) {
            entry.put(DecisionLogFields.RULE, decision.getRule());
        }
        entry.put(DecisionLogFields.MODE, decision.getMode().isEmpty() ? Decision.MODE_ENFORCE : decision.getMode());
        entry.put(DecisionLogFields.LABELS, labels);
        DecisionLogMask.Outcome masked = masked();
        if (masked.input() != null) {
            entry.put(DecisionLogFields.INPUT, masked.input());
        }
        if (!masked.erased().isEmpty()) {
            entry.put(DecisionLogFields.ERASED, masked.erased());
        }
        if (!masked.masked().isEmpty()) {
            entry.put(DecisionLogFields.MASKED, masked.masked());
        }
        entry.put(DecisionLogFields.REUSE, reuse());
        Map<String, Object> timers = new LinkedHashMap<>();
        if (rateNs != DecisionLogRecord.NOT_COUNTED) {
            timers.put(DecisionLogFields.METRIC_RATE_NS, rateNs);
        }
        entry.put(DecisionLogFields.METRICS, timers);
        return entry;
    }

    private Map<String, Object> reuse() {
        Map<String, Object> reuse = new LinkedHashMap<>();
        reuse.put(DecisionLogFields.REUSE_COUNT, Integer.toUnsignedLong(item.getCount()));
        reuse.put(DecisionLogFields.REUSE_REQUEST_IDS, List.<Object>copyOf(item.getRequestIdsList()));
        if (item.getRequestIdsOmitted() > 0) {
            reuse.put(DecisionLogFields.REUSE_REQUEST_IDS_OMITTED, Integer.toUnsignedLong(item.getRequestIdsOmitted()));
        }
        if (item.getFirstUnixMillis() > 0) {
            reuse.put(DecisionLogFields.REUSE_FIRST, iso(item.getFirstUnixMillis()));
        }
        if (item.getLastUnixMillis() > 0) {
            reuse.put(DecisionLogFields.REUSE_LAST, iso(item.getLastUnixMillis()));
        }
        reuse.put(DecisionLogFields.REUSE_REPORT_ID, reportId);
        if (item.getRecheck()) {
            reuse.put(DecisionLogFields.REUSE_RECHECK, true);
        }
        return reuse;
    }

    private static String iso(long millis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }

    private DecisionLogMask.Outcome masked() {
        try {
            return mask.apply(input, null);
        } catch (IllegalArgumentException e) {
            // Never log what the mask policy might have wanted hidden.
            LOG.errorf("reuse of decision %s: mask policy failed, input not logged: %s",
                    item.getDecision().getDecisionId(), e.getMessage());
            return MaskAnswer.hidden();
        }
    }
}
