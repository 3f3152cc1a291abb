package com.aibang.egress.policyservice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.SourceFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pathological policy is cancelled by the evaluation time budget and ends as a failed (denied) evaluation. */
class EmbeddedEvaluatorLimitTest {

    /** 10^12 combinations: without a budget this would run for days. */
    private static final String EXPLOSIVE = """
            package egress

            import rego.v1

            decision := {"allow": true} if {
            	some a in numbers.range(1, 1000000)
            	some b in numbers.range(1, 1000000)
            	a + b == -1
            }
            """;

    private static LoadedPolicy load(String source) {
        RegoPolicy policy = RegoPolicy.compile(List.of(new SourceFile("explosive.rego", source)), Map.of());
        return new LoadedPolicy(policy, List.of(), "rev", "rev", 1, 0);
    }

    @Test
    void explosivePolicyIsCancelledAndReportedAsAFailure() {
        LoadedPolicy loaded = load(EXPLOSIVE);
        EmbeddedEvaluator evaluator = new EmbeddedEvaluator(() -> loaded, EmbeddedEvaluator.limits(Duration.ofMillis(200)));

        PolicyEvaluator.Evaluated evaluated = evaluator.evaluate("data.egress.decision", Map.of());

        assertTrue(evaluated.result().isEmpty(), "a cancelled evaluation must not produce a decision");
        assertNotNull(evaluated.error());
        assertTrue(evaluated.error().contains("eval_cancel_error"), evaluated.error());
    }

    @Test
    void ordinaryPolicyIsUnaffectedByTheBudget() {
        LoadedPolicy loaded = load("package egress\n\nimport rego.v1\n\ndecision := {\"allow\": input.ok}\n");
        EmbeddedEvaluator evaluator = new EmbeddedEvaluator(() -> loaded, EmbeddedEvaluator.limits(Duration.ofSeconds(5)));

        PolicyEvaluator.Evaluated evaluated = evaluator.evaluate("data.egress.decision", Map.of("ok", true));

        assertNull(evaluated.error());
        assertEquals(Map.of("allow", true), evaluated.result().orElseThrow());
    }
}
