package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policyservice.decision.DecisionService.Evaluation;
import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds one decision log line (field names in {@link DecisionLogFields}), identical for Check and the Data API. */
final class DecisionLogEntry {

    private DecisionLogEntry() {
    }

    /**
     * @param input      the input as evaluated (tier and request_id are read from it, before masking)
     * @param masked     input and result as they may be logged
     * @param isDecision whether {@code ref} is the decision path: then the fail-closed allow, reason,
     *                   rule and mode are logged too
     */
    static Map<String, Object> of(String ref, Object input, Evaluation evaluation, boolean isDecision,
            DecisionLogMask.Outcome masked, Map<String, Object> labels, Map<String, Object> metrics) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(DecisionLogFields.DECISION_ID, evaluation.decisionId());
        entry.put(DecisionLogFields.TIMESTAMP, LogTimestamps.format(evaluation.timestamp()));
        entry.put(DecisionLogFields.PATH, ref);
        if (input instanceof Map<?, ?> document) {
            copyText(document, InputFields.TIER, entry, DecisionLogFields.TIER);
            copyText(document, InputFields.REQUEST_ID, entry, DecisionLogFields.REQUEST_ID);
        }
        entry.put(DecisionLogFields.POLICY_REVISION, evaluation.revision());
        entry.put(DecisionLogFields.DECIDED_BY, evaluation.decidedBy());
        if (isDecision) {
            Decision decision = evaluation.decision();
            entry.put(DecisionLogFields.ALLOW, decision.allow());
            entry.put(DecisionLogFields.REASON, decision.reason());
            if (!decision.rule().isEmpty()) {
                entry.put(DecisionLogFields.RULE, decision.rule());
            }
            entry.put(DecisionLogFields.MODE, decision.mode().isEmpty() ? Decision.MODE_ENFORCE : decision.mode());
        }
        entry.put(DecisionLogFields.LABELS, labels);
        if (masked.input() != null) {
            entry.put(DecisionLogFields.INPUT, masked.input());
        }
        if (masked.result() != null) {
            entry.put(DecisionLogFields.RESULT, masked.result());
        }
        if (!masked.erased().isEmpty()) {
            entry.put(DecisionLogFields.ERASED, masked.erased());
        }
        if (!masked.masked().isEmpty()) {
            entry.put(DecisionLogFields.MASKED, masked.masked());
        }
        if (evaluation.error() != null) {
            entry.put(DecisionLogFields.ERROR, evaluation.error());
        }
        entry.put(DecisionLogFields.METRICS, metrics);
        return entry;
    }

    private static void copyText(Map<?, ?> from, String key, Map<String, Object> to, String field) {
        if (from.get(key) instanceof String value && !value.isEmpty()) {
            to.put(field, value);
        }
    }
}
