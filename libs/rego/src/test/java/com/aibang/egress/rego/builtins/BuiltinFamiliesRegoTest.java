package com.aibang.egress.rego.builtins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.EvalOptions;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.SourceFile;
import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builtin families as policies use them: small Rego snippets evaluated end to end. */
class BuiltinFamiliesRegoTest {
  private static String eval(String module, String ref, String inputJson) {
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("test-0.rego", module)), null);
    Value input = inputJson == null ? null : JsonCodec.parse(inputJson);
    return p.evaluateValue(ref, input).map(JsonCodec::write).orElse("undefined");
  }

  @Test
  void egressStylePolicyCombinesFamilies() {
    String module = """
        package egress
        allowed_suffixes := {".microsoft.com", ".microsoftonline.com"}
        host := lower(uri.parse(input.url).hostname)
        allow if {
          strings.any_suffix_match(host, allowed_suffixes)
          regex.match(`^[a-z0-9.-]+$`, host)
          net.cidr_contains_matches({"10.0.0.0/8", "192.168.0.0/16"}, input.source_ip) != set()
          units.parse_bytes(input.size) <= units.parse_bytes("10MiB")
        }
        """;
    String input = "{\"url\": \"https://Login.Microsoft.com:443/common?x=1\", \"source_ip\": \"10.4.2.7\", \"size\": \"2MB\"}";
    assertEquals("true", eval(module, "data.egress.allow", input));
    assertEquals("undefined", eval(module, "data.egress.allow",
        "{\"url\": \"https://evil.example/\", \"source_ip\": \"10.4.2.7\", \"size\": \"2MB\"}"));
  }

  @Test
  void builtinResultsFlowIntoRules() {
    String module = """
        package t
        parts := regex.split(`[,;]\\s*`, "a, b;c")
        merged := net.cidr_merge(["10.0.0.0/25", "10.0.0.128/25"])
        day := time.weekday(time.parse_rfc3339_ns("2024-02-29T12:00:00Z"))
        patched := json.patch({"a": 1}, [{"op": "add", "path": "/b", "value": 2}])
        leaves contains v if { walk({"x": [1, {"y": 2}]}, [_, v]); is_number(v) }
        paths := {p | [p, _] := walk({"a": {"b": 1}})}
        """;
    assertEquals("[\"a\",\"b\",\"c\"]", eval(module, "data.t.parts", null));
    assertEquals("[\"10.0.0.0/24\"]", eval(module, "data.t.merged", null));
    assertEquals("\"Thursday\"", eval(module, "data.t.day", null));
    assertEquals("{\"a\":1,\"b\":2}", eval(module, "data.t.patched", null));
    assertEquals("[1,2]", eval(module, "data.t.leaves", null));
    assertEquals("[[],[\"a\"],[\"a\",\"b\"]]", eval(module, "data.t.paths", null));
  }

  @Test
  void randomBuiltinsAreStableWithinOneEvaluation() {
    String module = """
        package t
        ids := {uuid.rfc4122("request") | some _ in numbers.range(1, 20)}
        picks := {rand.intn("bucket", 1000) | some _ in numbers.range(1, 20)}
        """;
    assertEquals("1", eval(module + "n := count(ids)\n", "data.t.n", null));
    assertEquals("1", eval(module + "n := count(picks)\n", "data.t.n", null));
  }

  @Test
  void strictModeReportsTheBuiltinNameAndLocation() {
    String module = """
        package t

        p := regex.match("[", "x")
        """;
    RegoPolicy policy = RegoPolicy.compile(List.of(new SourceFile("test-0.rego", module)), null);
    QueryResult lenient = policy.queryValues("data.t.p = x", null, EvalOptions.DEFAULT);
    assertEquals(0, lenient.rows().size());
    QueryResult strict = policy.queryValues("data.t.p = x", null, new EvalOptions(true));
    assertNotNull(strict.error());
    assertTrue(strict.error().toString().contains(
        "test-0.rego:3: eval_builtin_error: regex.match: error parsing regexp: missing closing ]: `[`"), strict.error().toString());
  }
}
