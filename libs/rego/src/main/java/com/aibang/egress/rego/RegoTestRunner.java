package com.aibang.egress.rego;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs `test_*` rules like `opa test`: a test passes when the rule is defined and true, fails when it
 * is undefined or has another value, and is an ERROR when evaluation raises an error.
 */
public final class RegoTestRunner {
  private static final String TEST_PREFIX = "test_";

  private RegoTestRunner() {}

  /** Runs every test rule whose fully qualified name matches filter (find semantics; null = all). */
  public static List<TestResult> run(RegoPolicy policy, Pattern filterOrNull) {
    return run(policy, filterOrNull, EvalOptions.DEFAULT);
  }

  /** Like {@link #run(RegoPolicy, Pattern)} evaluating each test with options (limits, listener). */
  public static List<TestResult> run(RegoPolicy policy, Pattern filterOrNull, EvalOptions options) {
    List<TestResult> out = new ArrayList<>();
    for (RuleInfo rule : policy.rules()) {
      String simple = rule.name().substring(rule.name().lastIndexOf('.') + 1);
      if (!simple.startsWith(TEST_PREFIX) || (filterOrNull != null && !filterOrNull.matcher(rule.name()).find())) {
        continue;
      }
      long start = System.nanoTime();
      TestResult.Status status;
      String detail;
      try {
        Optional<Value> v = policy.evaluateValue(rule.name(), null, options);
        if (v.isPresent() && v.get().equals(BooleanValue.TRUE)) {
          status = TestResult.Status.PASS;
          detail = "";
        } else {
          status = TestResult.Status.FAIL;
          detail = v.map(x -> "value: " + x.toRegoString()).orElse("undefined");
        }
      } catch (RegoException e) {
        status = TestResult.Status.ERROR;
        detail = e.getMessage();
      }
      out.add(new TestResult(rule.name(), rule.file(), rule.line(), status, detail, System.nanoTime() - start));
    }
    return out;
  }
}
