package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegoTestRunnerTest {
  private static final String POLICY = """
      package demo
      allow if input.user == "alice"
      """;
  private static final String TESTS = """
      package demo_test
      import data.demo
      test_alice_allowed if demo.allow with input as {"user": "alice"}
      test_bob_allowed if demo.allow with input as {"user": "bob"}
      test_conflict if x
      x := 1 if true
      x := 2 if true
      helper := 1
      """;

  private static List<TestResult> run(Pattern filter) {
    return RegoTestRunner.run(RegoPolicy.compile(List.of(new SourceFile("demo.rego", POLICY),
        new SourceFile("demo_test.rego", TESTS)), null), filter);
  }

  @Test
  void reportsPassFailAndError() {
    List<TestResult> results = run(null);
    assertEquals(3, results.size(), "only test_ rules run");
    assertEquals(TestResult.Status.PASS, results.get(0).status());
    assertEquals("data.demo_test.test_alice_allowed", results.get(0).name());
    assertEquals("demo_test.rego", results.get(0).file());
    assertEquals(3, results.get(0).line());
    assertEquals(TestResult.Status.FAIL, results.get(1).status());
    assertEquals("undefined", results.get(1).detail());
    assertEquals(TestResult.Status.ERROR, results.get(2).status());
    assertTrue(results.get(2).detail().contains("eval_conflict_error"), results.get(2).detail());
  }

  @Test
  void filterSelectsByName() {
    List<TestResult> results = run(Pattern.compile("alice"));
    assertEquals(1, results.size());
    assertEquals(TestResult.Status.PASS, results.get(0).status());
  }
}
