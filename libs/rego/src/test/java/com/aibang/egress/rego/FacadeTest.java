package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The public facade: Java values in and out, queries, rule listing. */
class FacadeTest {
  private static final RegoPolicy POLICY = RegoPolicy.compile(List.of(new SourceFile("p.rego", """
      package app
      import rego.v1
      result := {"n": input.n + 1, "half": input.n / 2, "tags": {"b", "a"}, "keys": {1: "one"}}
      ids contains id if some id in input.ids
      """)), Map.of("limits", Map.of("max", 3)));

  @Test
  void evaluateConvertsToPlainJava() {
    Optional<Object> r = POLICY.evaluate("data.app.result", Map.of("n", 3));
    Map<?, ?> m = (Map<?, ?>) r.orElseThrow();
    assertInstanceOf(LinkedHashMap.class, m);
    assertEquals(List.of("half", "keys", "n", "tags"), List.copyOf(m.keySet()));
    assertEquals(BigInteger.valueOf(4), m.get("n"));
    assertEquals(new BigDecimal("1.5"), m.get("half"));
    assertEquals(List.of("a", "b"), m.get("tags"));
    assertEquals(Map.of("1", "one"), m.get("keys"));
  }

  @Test
  void undefinedIsEmpty() {
    assertTrue(POLICY.evaluate("data.app.result", null).isEmpty(), "input undefined -> result undefined");
    assertTrue(POLICY.evaluate("data.app.nothing", Map.of()).isEmpty());
    assertEquals(Optional.of(BigInteger.valueOf(3)), POLICY.evaluate("data.limits.max", null));
  }

  @Test
  void queryReturnsAllSolutions() {
    List<Map<String, Object>> rows = POLICY.query("data.app.ids[x]", Map.of("ids", List.of("b", "a")),
        EvalOptions.DEFAULT);
    assertEquals(List.of(Map.of("x", "a"), Map.of("x", "b")), rows);
  }

  @Test
  void rulesAreListed() {
    List<RuleInfo> rules = POLICY.rules();
    assertEquals(List.of("data.app.result", "data.app.ids"), rules.stream().map(RuleInfo::name).toList());
    assertEquals(new RuleInfo("data.app.ids", "p.rego", 4), rules.get(1));
  }
}
