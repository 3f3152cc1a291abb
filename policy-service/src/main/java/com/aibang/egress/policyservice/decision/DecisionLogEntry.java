package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.decisionlog.PlainJson;
import com.aibang.egress.policyservice.decision.DecisionService.Evaluation;
import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;

/** Writes one decision log line (field names in {@link DecisionLogFields}), identical for Check and the Data API. */
final class DecisionLogEntry {

    private DecisionLogEntry() {
    }

    /**
     * Writes the fields of one line, in this order, to the entry's JSON object.
     *
     * @param input      the input as evaluated (tier and request_id are read from it, before masking)
     * @param masked     input and result as they may be logged
     * @param isDecision whether {@code ref} is the decision path: then the fail-closed allow, reason,
     *                   rule and mode are logged too
     * @param rateNs     time spent counting rates, or {@link DecisionLogRecord#NOT_COUNTED}
     */
    static void write(JsonGenerator json, String ref, Object input, Evaluation evaluation, boolean isDecision,
            DecisionLogMask.Outcome masked, Map<String, Object> labels, long rateNs) throws IOException {
        json.writeStringField(DecisionLogFields.DECISION_ID, evaluation.decisionId());
        json.writeStringField(DecisionLogFields.TIMESTAMP, LogTimestamps.format(evaluation.timestamp()));
        json.writeStringField(DecisionLogFields.PATH, ref);
        if (input instanceof Map<?, ?> document) {
            copyText(document, InputFields.TIER, json, DecisionLogFields.TIER);
            copyText(document, InputFields.REQUEST_ID, json, DecisionLogFields.REQUEST_ID);
        }
        json.writeStringField(DecisionLogFields.POLICY_REVISION, evaluation.revision());
        json.writeStringField(DecisionLogFields.DECIDED_BY, evaluation.decidedBy());
        if (isDecision) {
            Decision decision = evaluation.decision();
            json.writeBooleanField(DecisionLogFields.ALLOW, decision.allow());
            json.writeStringField(DecisionLogFields.REASON, decision.reason());
            if (!decision.rule().isEmpty()) {
                json.writeStringField(DecisionLogFields.RULE, decision.rule());
            }
            json.writeStringField(DecisionLogFields.MODE, decision.mode().isEmpty() ? Decision.MODE_ENFORCE : decision.mode());
        }
        PlainJson.writeField(json, DecisionLogFields.LABELS, labels);
        if (masked.input() != null) {
            PlainJson.writeField(json, DecisionLogFields.INPUT, masked.input());
        }
        if (masked.result() != null) {
            PlainJson.writeField(json, DecisionLogFields.RESULT, masked.result());
        }
        if (!masked.erased().isEmpty()) {
            PlainJson.writeField(json, DecisionLogFields.ERASED, masked.erased());
        }
        if (!masked.masked().isEmpty()) {
            PlainJson.writeField(json, DecisionLogFields.MASKED, masked.masked());
        }
        if (evaluation.error() != null) {
            json.writeStringField(DecisionLogFields.ERROR, evaluation.error());
        }
        json.writeObjectFieldStart(DecisionLogFields.METRICS);
        json.writeNumberField(DecisionLogFields.METRIC_EVAL_NS, evaluation.evalNs());
        if (rateNs != DecisionLogRecord.NOT_COUNTED) {
            json.writeNumberField(DecisionLogFields.METRIC_RATE_NS, rateNs);
        }
        json.writeEndObject();
    }

    private static void copyText(Map<?, ?> from, String key, JsonGenerator json, String field) throws IOException {
        if (from.get(key) instanceof String value && !value.isEmpty()) {
            json.writeStringField(field, value);
        }
    }
}
