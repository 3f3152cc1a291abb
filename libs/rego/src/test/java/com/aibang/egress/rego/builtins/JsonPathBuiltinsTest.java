package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import org.junit.jupiter.api.Test;

class JsonPathBuiltinsTest {
  private static final String TYPE = BuiltinException.TYPE_ERROR;
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void filterKeepsSelectedPaths() {
    assertCall("{\"a\": {\"b\": {\"c\": 7}}, \"e\": 9}", "json.filter",
        json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8}}, \"e\": 9}"), json("[\"a/b/c\", \"e\"]"));
    assertCall("{\"a\": {\"b\": 7}}", "json.filter", json("{\"a\": {\"b\": 7}}"), set(str("a"), str("a/b")));
    assertCall("{\"a\": [{\"b\": 7}, {\"d\": 9}]}", "json.filter",
        json("{\"a\": [{\"b\": 7, \"c\": 8}, {\"d\": 9}]}"), set(str("a/0/b"), str("a/1")));
    assertCall("{\"a\": {\"b\": {\"c\": 7, \"d\": 8}}}", "json.filter",
        json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8, \"x\": 0}}, \"e\": 9}"), set(str("a/b/d"), json("[\"a\", \"b\", \"c\"]")));
    assertCall("{\"a/b\": 1}", "json.filter", json("{\"a/b\": 1, \"c\": 2}"), json("[\"/a~1b\"]"));
  }

  @Test
  void removeDropsPathsAndClosesArrays() {
    assertCall("{\"a\": {\"b\": {\"d\": 8}}, \"e\": 9}", "json.remove",
        json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8}}, \"e\": 9}"), set(str("a/b/c")));
    assertCall("{\"c\": 1}", "json.remove", json("{\"a\": {\"b\": 7}, \"c\": 1}"), set(str("a"), str("a/b")));
    assertCall("{\"a\": {}}", "json.remove", json("{\"a\": {\"b\": 7}, \"c\": 1}"), set(str("a/b"), str("c")));
    assertCall("{\"a\": [{\"1\": [\"b\", \"c\"]}, {\"x\": \"y\"}]}", "json.remove",
        json("{\"a\": [{\"1\": [\"b\", \"c\", \"d\"]}, {\"x\": \"y\"}]}"), set(str("a/0/1/2")));
    assertFails(TYPE, "operand 1 must be object but got number", "json.remove", json("22"), set(str("a")));
    assertFails(TYPE, "operand 2 must be one of {set, array} but got boolean", "json.remove", json("{}"), json("true"));
    assertFails(TYPE, "operand 2 must be one of {set, array} containing string paths or array of path segments but got number",
        "json.remove", json("{}"), json("[\"a\", 1]"));
  }

  @Test
  void patchAppliesOperationsInOrder() {
    assertCall("{\"a\": [1, 2, 3], \"b\": 2}", "json.patch", json("{\"a\": [1, 3]}"),
        json("[{\"op\": \"add\", \"path\": \"/a/1\", \"value\": 2}, {\"op\": \"add\", \"path\": \"/b\", \"value\": 2}]"));
    assertCall("{\"a\": [1, 3, 4]}", "json.patch", json("{\"a\": [1, 3]}"),
        json("[{\"op\": \"add\", \"path\": \"/a/-\", \"value\": 4}]"));
    assertCall("{\"b\": {\"x\": 1}}", "json.patch", json("{\"a\": {\"x\": 1}}"),
        json("[{\"op\": \"move\", \"from\": \"/a\", \"path\": \"/b\"}]"));
    assertCall("{\"a\": 9}", "json.patch", json("{\"a\": 1}"),
        json("[{\"op\": \"test\", \"path\": \"/a\", \"value\": 1}, {\"op\": \"replace\", \"path\": \"/a\", \"value\": 9}]"));
    assertFails(ERR, "", "json.patch", json("[1, 2, 3]"), json("[{\"op\": \"add\", \"path\": \"1.2\", \"value\": \"foo\"}]"));
    assertFails(ERR, "", "json.patch", json("{\"a\": 1}"), json("[{\"op\": \"test\", \"path\": \"/a\", \"value\": 2}]"));
  }

  @Test
  void patchAddressesSetMembersByValue() {
    ObjectValue doc = ObjectValue.builder().put("foo", set(str("a"), str("b"), str("c"))).build();
    assertEquals(ObjectValue.builder().put("foo", set(str("a"), str("c"))).build(),
        BuiltinCall.call("json.patch", doc, json("[{\"op\": \"remove\", \"path\": \"foo/b\"}]")));
    assertFails(ERR, "", "json.patch", doc, json("[{\"op\": \"add\", \"path\": \"foo/d\", \"value\": \"e\"}]"));
    assertEquals(set(json("[1, 2]")), BuiltinCall.call("json.patch", set(json("[1]")),
        json("[{\"op\": \"add\", \"path\": [[1], 1], \"value\": 2}]")));
    assertEquals(NumberValue.of(5), BuiltinCall.call("json.patch", json("{}"), json("[{\"op\": \"add\", \"path\": \"\", \"value\": 5}]")));
  }
}
