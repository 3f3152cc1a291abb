package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.Value;
import org.junit.jupiter.api.Test;

/** Builtins called from Rego, one expression per check. */
class BuiltinsTest {
  private static final RegoPolicy EMPTY = RegoFixture.policy();

  private static String value(String expr) {
    return RegoFixture.eval(EMPTY, expr, null);
  }

  @Test
  void aggregates() {
    assertEquals("3", value("count({1, 2, 3})"));
    assertEquals("3", value("count(\"h\u00e9y\")"));
    assertEquals("6.5", value("sum([1, 2, 3.5])"));
    assertEquals("24", value("product([2, 3, 4])"));
    assertEquals("\"b\"", value("max([\"a\", \"b\"])"));
    assertEquals("[1,2,3]", value("sort({3, 1, 2})"));
  }

  @Test
  void strings() {
    assertEquals("true", value("startswith(\"login.microsoft.com\", \"login.\")"));
    assertEquals("true", value("endswith(\"login.microsoft.com\", \".com\")"));
    assertEquals("[\"a\",\"b\",\"c\"]", value("split(\"a.b.c\", \".\")"));
    assertEquals("\"a-b\"", value("concat(\"-\", {\"b\", \"a\"})"));
    assertEquals("\"abc\"", value("trim(\"xxabcxx\", \"x\")"));
    assertEquals("\"cde\"", value("substring(\"abcdef\", 2, 3)"));
    assertEquals("2", value("indexof(\"abcd\", \"c\")"));
    assertEquals("\"ff\"", value("format_int(255, 16)"));
    assertEquals("\"HI\"", value("upper(\"hi\")"));
    assertEquals("\"a_b\"", value("replace(\"a.b\", \".\", \"_\")"));
  }

  @Test
  void sprintfFollowsGo() {
    assertEquals("\"x=5 y=\\\"q\\\" z=1.50 s=[1, \\\"a\\\"] h=ff\"",
        value("sprintf(\"x=%d y=%q z=%.2f s=%v h=%x\", [5, \"q\", 1.5, [1, \"a\"], 255])"));
    assertEquals("\"%!d(string=a)\"", value("sprintf(\"%d\", [\"a\"])"));
  }

  @Test
  void sprintfPlainVerbsMatchTheGeneralPath() {
    // the %v-only fast path must give Go's output, and leave everything else to the general path
    assertEquals("\"api.example.com:8443\"", value("sprintf(\"%v:%v\", [\"api.example.com\", 8443])"));
    assertEquals("\"-7 123456789012345678\"", value("sprintf(\"%v %v\", [-7, 123456789012345678])"));
    assertEquals("\"1234567890123456789012\"", value("sprintf(\"%v\", [1234567890123456789012])"));
    assertEquals("\"1.5 1000\"", value("sprintf(\"%v %v\", [1.5, 1e3])"));
    assertEquals("\"a%!v(MISSING)\"", value("sprintf(\"%v%v\", [\"a\"])"));
    assertEquals("\"a%!(EXTRA string=b)\"", value("sprintf(\"%v\", [\"a\", \"b\"])"));
    assertEquals("\"100% a\"", value("sprintf(\"100%% %v\", [\"a\"])"));
    assertEquals("\"%!(NOVERB)\"", value("sprintf(\"%\", [])"));
  }

  @Test
  void globAndNet() {
    assertEquals("true", value("glob.match(\"*.microsoft.com\", [\".\"], \"login.microsoft.com\")"));
    assertEquals("false", value("glob.match(\"*.microsoft.com\", [\".\"], \"a.login.microsoft.com\")"));
    assertEquals("true", value("glob.match(\"**.microsoft.com\", [\".\"], \"a.login.microsoft.com\")"));
    assertEquals("true", value("net.cidr_contains(\"10.0.0.0/8\", \"10.4.2.7\")"));
    assertEquals("false", value("net.cidr_contains(\"10.0.0.0/8\", \"11.0.0.1\")"));
    assertEquals("true", value("net.cidr_contains(\"fd00::/8\", \"fd00::1\")"));
  }

  @Test
  void objectsArraysSetsAndTypes() {
    assertEquals("1", value("object.get({\"a\": {\"b\": 1}}, [\"a\", \"b\"], 0)"));
    assertEquals("0", value("object.get({\"a\": 1}, \"x\", 0)"));
    assertEquals("[\"a\",\"b\"]", value("object.keys({\"b\": 1, \"a\": 2})"));
    assertEquals("[1,2,3]", value("array.concat([1], [2, 3])"));
    assertEquals("[2,3]", value("array.slice([1, 2, 3, 4], 1, 3)"));
    assertEquals("[1,2,3]", value("union({{1, 2}, {3}})"));
    assertEquals("[2]", value("intersection({{1, 2}, {2, 3}})"));
    assertEquals("\"set\"", value("type_name({1})"));
    assertEquals("true", value("is_number(1.5)"));
    assertEquals("12.5", value("to_number(\"12.5\")"));
  }

  @Test
  void json() {
    assertEquals("\"{\\\"a\\\":[1,2]}\"", value("json.marshal({\"a\": [1, 2]})"));
    assertEquals("{\"a\":1}", value("json.unmarshal(\"{\\\"a\\\": 1}\")"));
  }

  @Test
  void strictModeReportsTheFirstBuiltinError() {
    RegoPolicy p = RegoFixture.policy("package t\np := x if {\n  x := 1 / 0\n}\n");
    QueryResult lax = p.queryValues("data.t.p = x", null, EvalOptions.DEFAULT);
    assertNull(lax.error());
    assertEquals(0, lax.rows().size());
    QueryResult strict = p.queryValues("data.t.p = x", null, new EvalOptions(true));
    assertEquals("test-0.rego:3: eval_builtin_error: div: divide by zero", strict.error().toString());
    Value typeError = JsonCodec.parse("\"x\"");
    QueryResult t = p.queryValues("x := count(1)", typeError, new EvalOptions(true));
    assertEquals("eval_type_error", t.error().code());
    assertEquals("count: operand 1 must be one of {array, object, set, string} but got number",
        t.error().message());
  }
}
