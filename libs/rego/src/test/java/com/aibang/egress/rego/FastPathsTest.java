package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's and builtins' fast paths give the same answers as the general ones, on the edge
 * cases where they split: small object literals (sorted flat form, duplicate keys), terms that turn
 * out not to be single-valued half way, text with surrogate pairs or upper case, IPv4 look-alikes.
 */
class FastPathsTest {
  private static String eval(String module, String ref, String inputJson) {
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("fast.rego", module)), null);
    Value input = inputJson == null ? null : JsonCodec.parse(inputJson);
    return p.evaluateValue(ref, input).map(JsonCodec::write).orElse("undefined");
  }

  @Test
  void smallObjectLiteralsAreCanonicalAndKeepDuplicateRules() {
    String module = """
        package t
        obj := {"z": input.a, "a": 1, "m": [input.a], 2: "two", "a": 1}
        keys := [k | some k, _ in obj]
        same if obj == {2: "two", "a": 1, "m": [input.a], "z": input.a}
        conflict := {"k": input.a, "k": 2}
        """;
    assertEquals("{\"2\":\"two\",\"a\":1,\"m\":[5],\"z\":5}", eval(module, "data.t.obj", "{\"a\": 5}"));
    assertEquals("[2,\"a\",\"m\",\"z\"]", eval(module, "data.t.keys", "{\"a\": 5}"));
    assertEquals("true", eval(module, "data.t.same", "{\"a\": 5}"));
    assertEquals("{\"k\":2}", eval(module, "data.t.conflict", "{\"a\": 2}"));
    RegoException e = assertThrows(RegoException.class, () -> eval(module, "data.t.conflict", "{\"a\": 3}"));
    assertTrue(e.getMessage().contains("object keys must be unique"), e.getMessage());
    // the decision map handed to Java is in canonical key order too
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("fast.rego", module)), null);
    Object obj = p.evaluate("data.t.obj", Map.of("a", 5)).orElseThrow();
    assertEquals("[2, a, m, z]", ((Map<?, ?>) obj).keySet().toString());
  }

  @Test
  void termsThatTurnOutMultiValuedTakeTheGeneralPath() {
    String module = """
        package t
        xs := ["a", "b"]
        f(x) := concat("-", [x, x])
        # an argument that iterates after a single-valued one: every solution, each computed once
        pairs contains f(xs[_])
        both := [count(xs), xs[i]] if i := 1
        undefined_first if f(input.missing) == xs[_]
        """;
    assertEquals("[\"a-a\",\"b-b\"]", eval(module, "data.t.pairs", null));
    assertEquals("[2,\"b\"]", eval(module, "data.t.both", null));
    assertEquals("undefined", eval(module, "data.t.undefined_first", "{}"));
  }

  @Test
  void stringFastPathsMatchTheGeneralOnes() {
    String module = """
        package t
        sub := [substring("héllo.example", 1, 3), substring("a😀b.c", 1, -1), substring("abc", 5, 1), substring("abc", 1, 10)]
        idx := indexof_n("a😀b.c.d", ".")
        low := [lower("already.lower-1"), lower("MiXeD"), lower("ÀB"), upper("ok"), upper("ß")]
        union := [object.union({"a": 1}, {}), object.union({}, {"b": 2}), object.union({"a": {"x": 1}}, {"a": {"y": 2}})]
        """;
    assertEquals("[\"éll\",\"😀b.c\",\"\",\"bc\"]", eval(module, "data.t.sub", null));
    assertEquals("[3,5]", eval(module, "data.t.idx", null));
    assertEquals("[\"already.lower-1\",\"mixed\",\"àb\",\"OK\",\"SS\"]", eval(module, "data.t.low", null));
    assertEquals("[{\"a\":1},{\"b\":2},{\"a\":{\"x\":1,\"y\":2}}]", eval(module, "data.t.union", null));
  }

  @Test
  void ipv4ParsingWithoutRegexKeepsItsRules() {
    String module = """
        package t
        inside := [net.cidr_contains("10.0.0.0/8", "10.1.2.3"), net.cidr_contains("10.0.0.0/8", "11.0.0.1")]
        bad contains ip if {
          some ip in ["010.1.2.3", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", "１.2.3.4", "1.2.3.4444"]
          not net.cidr_contains("0.0.0.0/0", ip)
        }
        """;
    assertEquals("[true,false]", eval(module, "data.t.inside", null));
    assertEquals("[\"010.1.2.3\",\"1..2.3\",\"1.2.3\",\"1.2.3.\",\"1.2.3.4.5\",\"1.2.3.4444\",\"256.1.1.1\",\"１.2.3.4\"]",
        eval(module, "data.t.bad", null));
  }
}
