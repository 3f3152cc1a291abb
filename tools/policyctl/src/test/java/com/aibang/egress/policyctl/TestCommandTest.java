package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
  @TempDir
  Path dir;

  @Test
  void allPassingTestsExitZeroAndPrintOnlyTheSummary() throws IOException {
    CliRun r = CliRun.of("test", PolicyFixtures.good(dir).toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("PASS: 2/2"), r.toString());
    assertFalse(r.out().contains("PASS data."), "without -v passing tests are not listed: " + r);
  }

  @Test
  void verboseListsEveryTestWithItsLocation() throws IOException {
    CliRun r = CliRun.of("test", "-v", PolicyFixtures.good(dir).toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("PASS data.demo_test.test_admin_allowed (" + dir.resolve("demo_test.rego") + ":7)"),
        r.toString());
    assertTrue(r.out().contains("PASS data.demo_test.test_guest_denied"), r.toString());
  }

  @Test
  void aFailingTestIsReportedWithItsFileAndLineAndExitsOne() throws IOException {
    PolicyFixtures.good(dir);
    PolicyFixtures.write(dir, "more_test.rego", PolicyFixtures.FAILING_TEST);
    CliRun r = CliRun.of("test", dir.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("FAIL data.demo_more_test.test_guest_allowed (" + dir.resolve("more_test.rego")
        + ":7)"), r.toString());
    assertTrue(r.out().contains("PASS: 2/3"), r.toString());
    assertTrue(r.out().contains("FAIL: 1/3"), r.toString());
  }

  @Test
  void runSelectsTestsByRegex() throws IOException {
    PolicyFixtures.good(dir);
    PolicyFixtures.write(dir, "more_test.rego", PolicyFixtures.FAILING_TEST);
    CliRun r = CliRun.of("test", "--run", "demo_test\\.test_admin", dir.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("PASS: 1/1"), r.toString());
    CliRun none = CliRun.of("test", "--run", "no_such_test", dir.toString());
    assertEquals(1, none.code(), none.toString());
    assertTrue(none.err().contains("no test rules found"), none.toString());
    assertEquals(2, CliRun.of("test", "--run", "(", dir.toString()).code());
  }

  @Test
  void anErroringTestIsAnError() throws IOException {
    PolicyFixtures.write(dir, "p.rego", """
        package conflict
        x := 1
        x := 2 if true
        test_conflict if x == 1
        """);
    CliRun r = CliRun.of("test", dir.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("ERROR data.conflict.test_conflict"), r.toString());
    assertTrue(r.out().contains("eval_conflict_error"), r.toString());
    assertTrue(r.out().contains("ERROR: 1/1"), r.toString());
  }

  @Test
  void aBrokenPolicyGetsAPositionedErrorInsteadOfResults() throws IOException {
    PolicyFixtures.good(dir);
    PolicyFixtures.write(dir, "broken.rego", "package broken\n\nallow if {\n\tinput.x ==\n}\n");
    CliRun r = CliRun.of("test", dir.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains(dir.resolve("broken.rego") + ":5:1: rego_parse_error: "), r.toString());
  }

  @Test
  void repositoryPoliciesPass() {
    CliRun r = CliRun.of("test", PolicyFixtures.repositoryPolicies().toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().matches("(?s).*PASS: (\\d+)/\\1\\n.*"), r.toString());
  }

  @Test
  void coverageShowsWhichPolicyLinesTheTestsReached() throws IOException {
    CliRun r = CliRun.of("test", "--coverage", PolicyFixtures.good(dir).toString());
    assertEquals(0, r.code(), r.toString());
    // demo.rego: the default (line 5) and allow (line 7) are evaluated, greeting (line 9) never is
    String line = r.out().lines().filter(l -> l.contains("demo.rego")).findFirst().orElse("");
    assertTrue(line.matches("\\s*" + java.util.regex.Pattern.quote(dir.resolve("demo.rego").toString())
        + "\\s+66\\.7% \\(2/3\\)\\s+not covered: 9"), r.toString());
    assertFalse(r.out().contains("demo_test.rego"), "test files are not reported: " + r);
    assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*total\\s+66\\.7% \\(2/3\\)")), r.toString());
  }

  @Test
  void coverageRangesAreCompact() {
    assertEquals("3, 7-9, 12", CoverageReport.ranges(java.util.List.of(3, 7, 8, 9, 12)));
  }

  @Test
  void missingPathsAndArgumentsAreReported() {
    CliRun missing = CliRun.of("test", dir.resolve("nope").toString());
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("no such file or directory"), missing.toString());
    CliRun usage = CliRun.of("test");
    assertEquals(2, usage.code(), usage.toString());
    assertTrue(usage.err().contains("Usage: policyctl test"), usage.toString());
  }
}
