package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import org.junit.jupiter.api.Test;

class ObjectBuiltinsTest {
  private static final String TYPE = BuiltinException.TYPE_ERROR;

  @Test
  void filterAndRemoveAcceptArraySetOrObjectKeys() {
    Value obj = json("{\"a\": 1, \"b\": 2, \"c\": 3, \"e\": 9}");
    assertCall("{\"a\": 1, \"e\": 9}", "object.filter", obj, json("[\"a\", \"e\"]"));
    assertCall("{\"a\": 1, \"e\": 9}", "object.filter", obj, json("{\"a\": \"foo\", \"e\": \"\"}"));
    assertCall("{\"a\": 1}", "object.filter", obj, set(str("a"), str("zz")));
    assertCall("{}", "object.filter", obj, json("[]"));
    assertCall("{\"b\": 2, \"c\": 3}", "object.remove", obj, json("[\"a\", \"e\"]"));
    assertCall("{\"a\": 1, \"b\": 2, \"c\": 3, \"e\": 9}", "object.remove", obj, SetValue.EMPTY);
    Value nonStringKey = ObjectValue.builder().put("a", NumberValue.of(1)).put(json("[[7]]"), NumberValue.of(2)).build();
    assertEquals(ObjectValue.builder().put(json("[[7]]"), NumberValue.of(2)).build(),
        BuiltinCall.call("object.filter", nonStringKey, set(json("[[7]]"))));
    assertFails(TYPE, "operand 1 must be object but got boolean", "object.filter", json("false"), set(str("a")));
    assertFails(TYPE, "operand 2 must be one of {object, set, array} but got string", "object.remove", obj, str("a"));
  }

  @Test
  void unionNMergesLeftToRightRecursively() {
    assertCall("{}", "object.union_n", json("[{}]"));
    assertCall("{\"foo\": \"baz\"}", "object.union_n", json("[{\"foo\": \"bar\"}, {\"foo\": \"baz\"}]"));
    assertCall("{\"a\": {\"b\": 1, \"c\": 2}, \"d\": 3}", "object.union_n",
        json("[{\"a\": {\"b\": 1}}, {\"a\": {\"c\": 2}}, {\"d\": 3}]"));
    assertFails(TYPE, "array containing string", "object.union_n", json("[{\"foo\": 1}, \"baz\"]"));
  }

  @Test
  void subsetRecursesIntoSameKindCollections() {
    Value sup = json("{\"a\": 5, \"nested\": {\"x\": 10, \"arr\": [6, 7, 8, 9]}}");
    assertCall("true", "object.subset", sup, json("{\"nested\": {\"arr\": [7, 8]}}"));
    assertCall("false", "object.subset", sup, json("{\"nested\": {\"arr\": [6, 8]}}"));
    assertCall("false", "object.subset", json("{\"a\": 5}"), json("{\"a\": 5, \"b\": 7}"));
    assertCall("true", "object.subset", set(NumberValue.of(1), NumberValue.of(2), NumberValue.of(3)), set(NumberValue.of(3)));
    assertCall("true", "object.subset", json("[1, 2, 3, 4, 5, 6]"), json("[4, 5, 6]"));
    assertCall("false", "object.subset", json("[1, 2, 3, 4, 5, 6]"), json("[4, 5, 6, 8]"));
    assertCall("true", "object.subset", json("[1, 2, 3]"), set(NumberValue.of(3), NumberValue.of(1)));
    assertFails(TYPE, "operand 2 must be set but got array", "object.subset", set(NumberValue.of(1)), json("[1]"));
  }

  @Test
  void arrayFlattenIsOneLevel() {
    assertCall("[1, 2, \"s\", 3, {\"a\": \"b\"}, 4.5, 6, [7, 8]]", "array.flatten",
        json("[[1, 2], \"s\", [3, {\"a\": \"b\"}], 4.5, [6, [7, 8]]]"));
    assertFails(TYPE, "operand 1 must be array but got number", "array.flatten", json("42"));
  }
}
