package com.aibang.egress.bench;

import com.aibang.egress.rego.RegoPolicy;
import java.util.List;
import java.util.Map;

/** Fails the benchmark setup when the Rego policy and the hand-written Java decide differently. */
final class DecisionCrossCheck {
  private DecisionCrossCheck() {}

  static void verify(RegoPolicy policy, HandWrittenEgressDecision handWritten, List<Map<String, Object>> inputs,
      boolean expectAllow) {
    for (Map<String, Object> input : inputs) {
      Object rego = policy.evaluate(EgressDecisionBenchmark.DECISION, input)
          .orElseThrow(() -> new IllegalStateException("decision undefined for " + input));
      Map<String, Object> java = handWritten.decide(input);
      if (!rego.equals(java)) {
        throw new IllegalStateException("Rego and Java disagree for " + input + ":\n rego " + rego + "\n java " + java);
      }
      if (!java.get("allow").equals(expectAllow)) {
        throw new IllegalStateException("expected allow=" + expectAllow + " for " + input + ", got " + java);
      }
    }
  }
}
