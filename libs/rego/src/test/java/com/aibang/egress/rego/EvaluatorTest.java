package com.aibang.egress.rego;

import static com.aibang.egress.rego.RegoFixture.eval;
import static com.aibang.egress.rego.RegoFixture.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Evaluator semantics, each as a small policy with the expected JSON result. */
class EvaluatorTest {
  @Test
  void defaultAndElse() {
    String m = """
        package t
        default allow := false
        allow if input.user == "admin"
        level := "high" if input.n > 10
        else := "mid" if input.n > 5
        else := "low"
        """;
    RegoPolicy p = policy(m);
    assertEquals("false", eval(p, "data.t.allow", "{\"user\":\"bob\"}"));
    assertEquals("true", eval(p, "data.t.allow", "{\"user\":\"admin\"}"));
    assertEquals("\"high\"", eval(p, "data.t.level", "{\"n\":11}"));
    assertEquals("\"mid\"", eval(p, "data.t.level", "{\"n\":6}"));
    assertEquals("\"low\"", eval(p, "data.t.level", "{\"n\":1}"));
  }

  @Test
  void partialObjectsAndRefHeads() {
    String m = """
        package t
        ports[name] := port if { some name, port in {"http": 80, "https": 443} }
        a.b.c := 1
        p[q][r] if q := ["x", "y"][r]
        """;
    RegoPolicy p = policy(m);
    assertEquals("{\"http\":80,\"https\":443}", eval(p, "data.t.ports", null));
    assertEquals("443", eval(p, "data.t.ports.https", null));
    assertEquals("{\"b\":{\"c\":1}}", eval(p, "data.t.a", null));
    assertEquals("{\"x\":{\"0\":true},\"y\":{\"1\":true}}", eval(p, "data.t.p", null));
  }

  @Test
  void functionsWithMultipleDefinitionsAndConflicts() {
    String m = """
        package t
        kind(x) := "small" if x < 10
        kind(x) := "big" if x >= 10
        both(x) := 1 if x > 0
        both(x) := 2 if x > 5
        r1 := kind(3)
        r2 := kind(30)
        r3 := both(7)
        """;
    RegoPolicy p = policy(m);
    assertEquals("\"small\"", eval(p, "data.t.r1", null));
    assertEquals("\"big\"", eval(p, "data.t.r2", null));
    RegoException e = assertThrows(RegoException.class, () -> eval(p, "data.t.r3", null));
    assertEquals("eval_conflict_error", e.code());
    assertTrue(e.getMessage().contains("functions must not produce multiple outputs for same inputs"));
  }

  @Test
  void completeRuleConflict() {
    RegoPolicy p = policy("package t\nx := 1 if true\nx := 2 if true\n");
    RegoException e = assertThrows(RegoException.class, () -> eval(p, "data.t.x", null));
    assertEquals("test-0.rego:3: eval_conflict_error: complete rules must not produce multiple outputs",
        e.getMessage());
  }

  @Test
  void everyNotAndComprehensions() {
    String m = """
        package t
        all_pos if every x in input.xs { x > 0 }
        none_neg if not any_neg
        any_neg if { some x in input.xs; x < 0 }
        doubled := [y | some x in input.xs; y := x * 2]
        names := {n | some n, _ in input.m}
        inverted := {v: k | some k, v in input.m}
        """;
    RegoPolicy p = policy(m);
    String in = "{\"xs\":[1,2,3],\"m\":{\"a\":\"x\",\"b\":\"y\"}}";
    assertEquals("true", eval(p, "data.t.all_pos", in));
    assertEquals("true", eval(p, "data.t.none_neg", in));
    assertEquals("[2,4,6]", eval(p, "data.t.doubled", in));
    assertEquals("[\"a\",\"b\"]", eval(p, "data.t.names", in));
    assertEquals("{\"x\":\"a\",\"y\":\"b\"}", eval(p, "data.t.inverted", in));
    assertEquals("undefined", eval(p, "data.t.all_pos", "{\"xs\":[1,-2],\"m\":{}}"));
  }

  @Test
  void arithmeticIsExact() {
    String m = """
        package t
        big := 18446744073709551615 + 1
        dec := 0.1 + 0.2
        q := 7 / 2
        r := -7 % 3
        same if 1 == 1.0
        """;
    RegoPolicy p = policy(m);
    assertEquals("18446744073709551616", eval(p, "data.t.big", null));
    assertEquals("0.3", eval(p, "data.t.dec", null));
    assertEquals("3.5", eval(p, "data.t.q", null));
    assertEquals("-1", eval(p, "data.t.r", null));
    assertEquals("true", eval(p, "data.t.same", null));
  }

  @Test
  void setOperators() {
    String m = "package t\na := {1, 2, 3}\nb := {2, 3, 4}\nu := a | b\ni := a & b\nd := a - b\n";
    RegoPolicy p = policy(m);
    assertEquals("[1,2,3,4]", eval(p, "data.t.u", null));
    assertEquals("[2,3]", eval(p, "data.t.i", null));
    assertEquals("[1]", eval(p, "data.t.d", null));
  }

  @Test
  void withReplacesInputDataAndFunctions() {
    String m = """
        package t
        limit := data.limits.max
        over if input.n > limit
        mocked if over with input as {"n": 5} with data.limits.max as 3
        f(x) := x + 1
        g(x) := x * 100
        h(_) := 42
        counted := y if { y := count([1, 2]) with count as h }
        replaced := y if { y := f(1) with f as g }
        """;
    RegoPolicy p = RegoPolicy.compile(java.util.List.of(new SourceFile("m.rego", m)),
        java.util.Map.of("limits", java.util.Map.of("max", 10)));
    assertEquals("true", eval(p, "data.t.mocked", null));
    assertEquals("undefined", eval(p, "data.t.over", "{\"n\":5}"));
    assertEquals("100", eval(p, "data.t.replaced", null));
    assertEquals("42", eval(p, "data.t.counted", null));
  }

  @Test
  void dataAndRulesMerge() {
    RegoPolicy p = RegoPolicy.compile(java.util.List.of(new SourceFile("m.rego", "package cfg\nextra := 2\n")),
        java.util.Map.of("cfg", java.util.Map.of("base", 1)));
    assertEquals("{\"base\":1,\"extra\":2}", eval(p, "data.cfg", null));
    assertEquals("[\"base\",\"extra\"]", RegoFixture.eval(p, "[k | data.cfg[k]]", null));
  }

  @Test
  void bodiesAreReorderedForSafety() {
    assertEquals("5", eval("package t\np := x if {\n  x > 1\n  x := 5\n}\n", "data.t.p"));
  }

  @Test
  void templateStrings() {
    assertEquals("\"user bob has 2 roles\"",
        eval("package t\np := $\"user {input.u} has {count(input.r)} roles\"\n".replace("input.u", "\"bob\"")
            .replace("input.r", "[1, 2]"), "data.t.p"));
  }
}
