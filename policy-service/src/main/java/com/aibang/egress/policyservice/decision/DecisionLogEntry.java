package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policyservice.decision.DecisionService.Evaluation;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds one decision log line (field names in {@link DecisionLogFields}), identical for Check and the Data API. */
final class DecisionLogEntry {

    private DecisionLogEntry() {
    }

    /**
     * @param isDecision whether {@code ref} is the decision path: then the fail-closed allow, reason
     *                   and rule are logged too; tier and request_id are copied from the input when present.
     */
    static Map<String, Object> of(String ref, Object input, Evaluation evaluation, boolean isDecision) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(DecisionLogFields.DECISION_ID, evaluation.decisionId());
        entry.put(DecisionLogFields.TIMESTAMP, DateTimeFormatter.ISO_INSTANT.format(evaluation.timestamp()));
        entry.put(DecisionLogFields.PATH, ref);
        if (input instanceof Map<?, ?> document) {
            copyText(document, InputFields.TIER, entry, DecisionLogFields.TIER);
            copyText(document, InputFields.REQUEST_ID, entry, DecisionLogFields.REQUEST_ID);
        }
        entry.put(DecisionLogFields.POLICY_REVISION, evaluation.revision());
        if (isDecision) {
            Decision decision = evaluation.decision();
            entry.put(DecisionLogFields.ALLOW, decision.allow());
            entry.put(DecisionLogFields.REASON, decision.reason());
            if (!decision.rule().isEmpty()) {
                entry.put(DecisionLogFields.RULE, decision.rule());
            }
        }
        entry.put(DecisionLogFields.EVAL_NS, evaluation.evalNs());
        if (input != null) {
            entry.put(DecisionLogFields.INPUT, input);
        }
        evaluation.result().ifPresent(result -> entry.put(DecisionLogFields.RESULT, result));
        if (evaluation.error() != null) {
            entry.put(DecisionLogFields.ERROR, evaluation.error());
        }
        return entry;
    }

    private static void copyText(Map<?, ?> from, String key, Map<String, Object> to, String field) {
        if (from.get(key) instanceof String value && !value.isEmpty()) {
            to.put(field, value);
        }
    }
}
