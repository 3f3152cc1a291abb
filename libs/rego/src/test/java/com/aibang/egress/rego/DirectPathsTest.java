package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The closure-free paths (rule and function bodies run as a loop, `some ... in` binding members
 * directly, plain-variable parameters) give what the general path gives. A listener forces the
 * general path, so each query is evaluated both ways and the answers (or errors) compared.
 */
class DirectPathsTest {
  private static final String MODULE = """
      package t
      import rego.v1

      arr := ["a", "b", "c"]
      set := {"x", "y"}
      obj := {"k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5}

      pairs contains [i, v] if some i, v in arr
      members contains m if some m in set
      entries contains [k, v] if {
      	some k, v in obj
      	v > 2
      }
      # the key variable equal to the value variable: not the direct path, same answer
      same contains x if some x, x in {"a": "a", "b": "c"}
      # an already bound variable as the pattern compares instead of binding
      bound if {
      	v := "b"
      	some v in arr
      }
      nested contains [a, b] if {
      	some a in arr
      	some b in set
      	a != "b"
      }
      first_hit := v if {
      	some v in arr
      	v > "b"
      } else := "none"
      no_hit := v if {
      	some v in arr
      	v > "c"
      } else := "none"

      f(x, x) := "same"
      f(x, y) := "different" if x != y
      g(x) := y if {
      	some y in arr
      	y == x
      }
      h(x) := x if x > 1 else := 0

      calls := [f(1, 1), f(1, 2), g("c"), h(5), h(-1)]
      missing := g("z")
      conflict := f(1, 1) if true
      conflict := "other" if true

      lookups := [obj.k1, obj.k5, object.get(obj, "k9", "absent"), obj[input.key]]
      numbers := {1: "one", 2: "two", 3: "three", 4: "four"}
      by_number := [numbers[1], numbers[4.0], object.get(numbers, 5, "absent")]

      cidrs := [
      	net.cidr_contains("10.0.0.0/8", "10.2.3.4"),
      	net.cidr_contains("10.0.0.0/8", "11.2.3.4"),
      	net.cidr_contains("0.0.0.0/0", "200.1.1.1"),
      	net.cidr_contains("10.1.2.3/32", "10.1.2.3"),
      	net.cidr_contains("10.1.2.3/32", "10.1.2.4"),
      	net.cidr_contains("10.0.0.0/08", "10.9.9.9"),
      	net.cidr_contains("10.0.0.0/8", "10.1.0.0/16"),
      	net.cidr_contains("10.1.0.0/16", "10.0.0.0/8"),
      	net.cidr_contains("10.0.0.0/8", "::1"),
      	net.cidr_contains("::/0", "10.0.0.1"),
      ]
      bad_cidr := net.cidr_contains("10.0.0.0/33", "10.0.0.1")
      bad_ip := net.cidr_contains("10.0.0.0/8", "10.0.0.256")
      """;

  private static final List<String> REFS = List.of("data.t.pairs", "data.t.members", "data.t.entries",
      "data.t.same", "data.t.bound", "data.t.nested", "data.t.first_hit", "data.t.no_hit", "data.t.calls", "data.t.missing",
      "data.t.lookups", "data.t.by_number", "data.t.cidrs", "data.t.bad_cidr", "data.t.bad_ip", "data.t.conflict");

  /** The answer (JSON, "undefined" or the error message) with or without a listener. */
  private static String answer(RegoPolicy p, String ref, boolean observed) {
    Value input = JsonCodec.parse("{\"key\": \"k3\"}");
    EvalOptions o = new EvalOptions(true);
    AtomicInteger exprs = new AtomicInteger();
    if (observed) {
      o = o.withListener(loc -> exprs.incrementAndGet());
    }
    try {
      return p.evaluateValue(ref, input, o).map(JsonCodec::write).orElse("undefined");
    } catch (RegoException e) {
      return "error: " + e.getMessage();
    }
  }

  @Test
  void directAndGeneralPathsAgree() {
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("direct.rego", MODULE)), null);
    for (String ref : REFS) {
      assertEquals(answer(p, ref, true), answer(p, ref, false), ref);
    }
  }

  @Test
  void directPathsGiveTheExpectedAnswers() {
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("direct.rego", MODULE)), null);
    assertEquals("[[0,\"a\"],[1,\"b\"],[2,\"c\"]]", answer(p, "data.t.pairs", false));
    assertEquals("[[\"k3\",3],[\"k4\",4],[\"k5\",5]]", answer(p, "data.t.entries", false));
    assertEquals("[\"a\"]", answer(p, "data.t.same", false));
    assertEquals("true", answer(p, "data.t.bound", false));
    assertEquals("\"c\"", answer(p, "data.t.first_hit", false));
    assertEquals("\"none\"", answer(p, "data.t.no_hit", false));
    assertEquals("[\"same\",\"different\",\"c\",5,0]", answer(p, "data.t.calls", false));
    assertEquals("undefined", answer(p, "data.t.missing", false));
    assertEquals("[1,5,\"absent\",3]", answer(p, "data.t.lookups", false));
    assertEquals("[\"one\",\"four\",\"absent\"]", answer(p, "data.t.by_number", false));
    assertEquals("[true,false,true,true,false,true,true,false,false,false]", answer(p, "data.t.cidrs", false));
    assertTrue(answer(p, "data.t.bad_cidr", false).contains("invalid CIDR address: 10.0.0.0/33"));
    assertTrue(answer(p, "data.t.bad_ip", false).contains("invalid IP address: 10.0.0.256"));
    assertTrue(answer(p, "data.t.conflict", false).contains("complete rules must not produce multiple outputs"));
  }

  @Test
  void stepLimitStillStopsLoopsOnTheDirectPath() {
    String module = """
        package t
        import rego.v1
        n := numbers.range(1, 100000)
        count_pairs := count([1 | some a in n; some b in n; a == b])
        """;
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("loop.rego", module)), null);
    EvalOptions limited = EvalOptions.DEFAULT.withLimits(EvalLimits.ofSteps(10_000));
    RegoException e = assertThrows(RegoException.class, () -> p.evaluateValue("data.t.count_pairs", null, limited));
    assertTrue(e.getMessage().contains("step limit"), e.getMessage());
  }
}
