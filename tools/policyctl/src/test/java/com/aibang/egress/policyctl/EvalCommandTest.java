package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir
  Path dir;

  @Test
  void printsTheResultSetLikeOpaEval() throws IOException {
    PolicyFixtures.good(dir);
    Path input = PolicyFixtures.write(dir, "in/input.json", "{\"user\": \"ann\"}");
    CliRun r = CliRun.of("eval", "-d", dir.toString(), "-i", input.toString(), "data.demo.allow");
    assertEquals(0, r.code(), r.toString());
    assertEquals("""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": true,
                  "text": "data.demo.allow",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ]
            }
          ]
        }
        """, r.out());
  }

  @Test
  void bindingsAndSeveralSolutions() throws IOException {
    PolicyFixtures.write(dir, "data.json", "{\"xs\": [1, 2, 3]}");
    CliRun r = CliRun.of("eval", "-d", dir.toString(), "x := data.xs[_]; x > 1");
    assertEquals(0, r.code(), r.toString());
    assertEquals(2, r.out().split("\"bindings\"").length - 1, r.toString());
    assertTrue(r.out().contains("\"x\": 2"), r.toString());
    assertTrue(r.out().contains("\"x\": 3"), r.toString());
    assertTrue(r.out().contains("\"text\": \"x > 1\""), r.toString());
    assertTrue(r.out().contains("\"value\": true"), r.toString());
  }

  @Test
  void prettyFormatAndYamlInputFromStdin() throws IOException {
    PolicyFixtures.good(dir);
    CliRun r = CliRun.withStdin("user: ann\n", "eval", "-d", dir.toString(), "-i", "-", "--format", "pretty",
        "data.demo.greeting");
    assertEquals(0, r.code(), r.toString());
    assertEquals("\"hello ann\"\n", r.out());
  }

  @Test
  void undefinedIsAnEmptyObjectAndFailsOnlyWithFail() throws IOException {
    PolicyFixtures.good(dir);
    CliRun r = CliRun.of("eval", "-d", dir.toString(), "data.demo.nothing");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{}\n", r.out());
    assertEquals(1, CliRun.of("eval", "--fail", "-d", dir.toString(), "data.demo.nothing").code());
    CliRun falseValue = CliRun.of("eval", "-d", dir.toString(), "-f", "pretty", "data.demo.allow");
    assertEquals("false\n", falseValue.out(), "like opa eval, a false value is shown, not undefined");
  }

  @Test
  void evaluationAndQueryErrorsGoToStderr() throws IOException {
    PolicyFixtures.write(dir, "p.rego", "package conflict\nx := 1\nx := 2 if true\n");
    CliRun r = CliRun.of("eval", "-d", dir.toString(), "data.conflict.x");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("eval_conflict_error"), r.toString());
    CliRun bad = CliRun.of("eval", "-d", dir.toString(), "data.conflict.x ==");
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.err().contains("rego_parse_error"), bad.toString());
  }

  @Test
  void repositoryDecisionForAnEdgeRequest() {
    String input = "{\"tier\":\"edge\",\"source\":{\"ip\":\"10.4.2.7\",\"namespace\":\"no-such-namespace\"},"
        + "\"destination\":{\"host\":\"login.microsoft.com\",\"port\":443}}";
    CliRun r = CliRun.withStdin(input, "eval", "-d", PolicyFixtures.repositoryPolicies().toString(), "-i", "-",
        "-f", "pretty", "data.egress.decision.allow");
    assertEquals(0, r.code(), r.toString());
    assertEquals("false\n", r.out());
  }

  @Test
  void usageErrors() {
    assertEquals(2, CliRun.of("eval").code());
    assertEquals(2, CliRun.of("eval", "--format", "xml", "1").code());
    assertEquals(2, CliRun.of("eval", "--bogus", "1").code());
    assertEquals(1, CliRun.of("eval", "-i", dir.resolve("missing.json").toString(), "1").code());
  }
}
