package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policyservice.decisionlog.DecisionLogMask;
import java.util.List;

/**
 * The mask policy's answer for one decision: its rules (applied later, on the log writer thread),
 * the JSON pointers they name (sent to the proxies) and, when the mask policy failed, why.
 * A failed mask hides everything: the log line leaves out input and result, the paths are /input and /result.
 */
record MaskAnswer(Object rules, List<String> paths, String error) {

    static final MaskAnswer NONE = new MaskAnswer(null, List.of(), null);

    static MaskAnswer failed(String error) {
        return new MaskAnswer(null, DecisionLogMask.EVERYTHING, error);
    }

    /** Input and result as they may be logged. */
    DecisionLogMask.Outcome apply(Object input, Object result) {
        if (error != null) {
            return hidden();
        }
        return DecisionLogMask.apply(rules, input, result);
    }

    static DecisionLogMask.Outcome hidden() {
        return new DecisionLogMask.Outcome(null, null, DecisionLogMask.EVERYTHING, List.of());
    }
}
