package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.policyservice.decision.DecisionService.Evaluation;
import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a decision hands to the log writer thread: the documents as evaluated and the mask answer.
 * Masking, building the line and JSON serialisation happen in {@link #render()} on that thread,
 * off the request path. The input and result documents are never changed after the hand-over.
 */
final class DecisionLogRecord implements DecisionLogQueue.Entry {

    private static final Logger LOG = Logger.getLogger(DecisionLogRecord.class);
    /** rateNs value of entries that did not count rates (Data API queries). */
    static final long NOT_COUNTED = -1;

    private final String ref;
    private final Object input;
    private final Evaluation evaluation;
    private final boolean isDecision;
    private final MaskAnswer mask;
    private final Map<String, Object> labels;
    private final long rateNs;
    private final RecentDecisions recent;

    DecisionLogRecord(String ref, Object input, Evaluation evaluation, boolean isDecision, MaskAnswer mask,
            Map<String, Object> labels, long rateNs, RecentDecisions recent) {
        this.ref = ref;
        this.input = input;
        this.evaluation = evaluation;
        this.isDecision = isDecision;
        this.mask = mask;
        this.labels = labels;
        this.rateNs = rateNs;
        this.recent = recent;
    }

    @Override
    public byte[] render() {
        DecisionLogMask.Outcome masked = masked();
        byte[] json = DecisionLogWriter.serialize(generator -> DecisionLogEntry.write(generator, ref, input, evaluation,
                isDecision, masked, labels, rateNs));
        if (recent != null) {
            recent.add(json);
        }
        return json;
    }

    private DecisionLogMask.Outcome masked() {
        try {
            return mask.apply(input, evaluation.result().orElse(null));
        } catch (IllegalArgumentException e) {
            // Never log what the mask policy might have wanted hidden: drop both documents instead.
            LOG.errorf("decision %s: mask policy failed, input and result not logged: %s", evaluation.decisionId(),
                    e.getMessage());
            return MaskAnswer.hidden();
        }
    }
}
