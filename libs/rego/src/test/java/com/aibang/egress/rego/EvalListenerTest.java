package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.ast.Location;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The evaluation listener sees the source lines of attempted expressions and of rules that produced values. */
class EvalListenerTest {
  private static final RegoPolicy POLICY = RegoPolicy.compile(List.of(new SourceFile("cov.rego", """
      package cov
      import rego.v1

      allow if {
      	input.user == "admin"
      	count(input.roles) > 0
      }

      allow if {
      	some r in data.roles
      	r == input.user
      }

      default tier := "none"

      tier := "gold" if input.gold

      test_admin if allow with input as {"user": "admin", "roles": ["x"]}
      """)), Map.of("roles", List.of("alice", "bob")));

  /** Records lines; expression lines and rule-value lines separately. */
  private static final class Lines implements EvalListener {
    final Set<Integer> exprs = new TreeSet<>();
    final Set<Integer> values = new TreeSet<>();

    @Override public void expr(Location loc) {
      // the query's own expressions arrive too, with the file name "query"
      assertTrue("cov.rego".equals(loc.file()) || "query".equals(loc.file()), loc.toString());
      if ("cov.rego".equals(loc.file())) {
        exprs.add(loc.line());
      }
    }

    @Override public void ruleValue(Location loc) { values.add(loc.line()); }
  }

  @Test
  void seesAttemptedExpressionsAndProducedValues() {
    Lines lines = new Lines();
    POLICY.evaluate("data.cov.allow", Map.of("user", "bob", "roles", List.of()),
        EvalOptions.DEFAULT.withListener(lines));
    // first allow fails at line 5, second succeeds through lines 10-11; line 6 is never attempted
    assertTrue(lines.exprs.containsAll(Set.of(5, 10, 11)), lines.exprs.toString());
    assertTrue(!lines.exprs.contains(6), lines.exprs.toString());
    assertEquals(Set.of(9), lines.values);

    Lines defaults = new Lines();
    POLICY.evaluate("data.cov.tier", Map.of(), EvalOptions.DEFAULT.withListener(defaults));
    assertEquals(Set.of(14), defaults.values, "only the default rule produced the value");
  }

  @Test
  void testRunnerPassesTheListener() {
    Lines lines = new Lines();
    List<TestResult> results = RegoTestRunner.run(POLICY, Pattern.compile("test_admin"),
        EvalOptions.DEFAULT.withListener(lines));
    assertEquals(TestResult.Status.PASS, results.get(0).status());
    assertTrue(lines.exprs.containsAll(Set.of(5, 6, 18)), lines.exprs.toString());
    assertTrue(lines.values.containsAll(Set.of(4, 18)), lines.values.toString());
  }
}
