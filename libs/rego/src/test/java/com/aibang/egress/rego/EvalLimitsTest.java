package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.eval.QueryResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Evaluation limits stop a deliberately explosive policy with an eval_cancel_error. */
class EvalLimitsTest {
  private static final String CANCEL = "eval_cancel_error";

  /** 10^12 combinations: without a limit this would run for hours. */
  private static final RegoPolicy EXPLOSIVE = RegoPolicy.compile(List.of(new SourceFile("boom.rego", """
      package boom
      import rego.v1
      n := numbers.range(1, 10000)
      blowup := count([1 | some a in n; some b in n; some c in n; a + b + c < 0])
      # reads input so that every query evaluates it (data-only rules are memoised: no steps after the first)
      small := count([x | some x in [1, 2, 3]]) if not input.skip
      """)), Map.of());

  // the @Timeout only turns a broken limit into a failure instead of a hung build; it asserts no speed
  @Test
  @Timeout(120)
  void stepLimitCancelsExplosivePolicy() {
    RegoException e = assertThrows(RegoException.class, () -> EXPLOSIVE.evaluate("data.boom.blowup", null,
        EvalOptions.DEFAULT.withLimits(EvalLimits.ofSteps(100_000))));
    assertEquals(CANCEL, e.errors().get(0).code());
    assertTrue(e.getMessage().contains("step limit of 100000"), e.getMessage());
  }

  @Test
  @Timeout(120)
  void timeLimitCancelsExplosivePolicy() {
    RegoException e = assertThrows(RegoException.class, () -> EXPLOSIVE.evaluate("data.boom.blowup", null,
        EvalOptions.DEFAULT.withLimits(EvalLimits.ofTime(Duration.ofMillis(50)))));
    assertEquals(CANCEL, e.errors().get(0).code());
    assertTrue(e.getMessage().contains("time limit of 50 ms"), e.getMessage());
  }

  @Test
  @Timeout(120)
  void policyDefaultLimitsApplyAndCallOptionsOverrideThem() {
    RegoPolicy limited = EXPLOSIVE.withDefaultLimits(EvalLimits.ofSteps(1_000));
    RegoException e = assertThrows(RegoException.class, () -> limited.evaluate("data.boom.blowup", null));
    assertEquals(CANCEL, e.errors().get(0).code());
    QueryResult r = limited.queryValues("x := data.boom.blowup", null, EvalOptions.DEFAULT);
    assertEquals(CANCEL, r.error().code(), "query API reports the cancel error next to the solutions");
    // an ordinary evaluation fits in the limit
    assertEquals(Optional.of(java.math.BigInteger.valueOf(3)), limited.evaluate("data.boom.small", null));
    RegoException tighter = assertThrows(RegoException.class, () -> limited.evaluate("data.boom.small", null,
        EvalOptions.DEFAULT.withLimits(EvalLimits.ofSteps(2))));
    assertEquals(CANCEL, tighter.errors().get(0).code());
  }

  @Test
  void badLimitsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> EvalLimits.ofSteps(-1));
    assertThrows(IllegalArgumentException.class, () -> EvalLimits.ofTime(Duration.ZERO));
  }
}
