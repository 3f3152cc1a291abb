package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlAndWalkBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void yamlUnmarshalKeepsNumbersExact() {
    assertCall("{\"foo\": [{\"qux\": \"bar\"}, {\"baz\": 2}]}", "yaml.unmarshal", str("foo:\n   - qux: bar\n   - baz: 2"));
    assertCall("{\"big\": 18446744073709551616, \"f\": 1.25, \"1\": true, \"n\": null}", "yaml.unmarshal",
        str("big: 18446744073709551616\nf: 1.25\n1: yes\nn: ~"));
    assertFails(ERR, "yaml: line 1: did not find expected ',' or ']'", "yaml.unmarshal", str("[1,2,3"));
    assertCall("true", "yaml.is_valid", str("{\"json\": \"ok\"}"));
    assertCall("false", "yaml.is_valid", str("foo:\n   - baz: {"));
    assertCall("false", "yaml.is_valid", json("1"));
  }

  @Test
  void yamlMarshalWritesBlockStyle() {
    assertCall("\"a: 1\\nb:\\n- x\\n- z\\n\"", "yaml.marshal",
        ObjectValue.builder().put("b", set(str("x"), str("z"))).put("a", NumberValue.of(1)).build());
    // Strings that YAML would read as another type are quoted, so the document round-trips.
    var doc = json("{\"s\": \"yes\", \"n\": \"12\", \"x\": 1.5}");
    assertEquals(doc, BuiltinCall.call("yaml.unmarshal", BuiltinCall.call("yaml.marshal", doc)));
  }

  @Test
  void walkVisitsEveryNodePreOrder() {
    List<?> pairs = WalkBuiltins.pairs(json("{\"v1\": \"hello\", \"v2\": [7]}"));
    assertEquals(List.of(
        json("[[], {\"v1\": \"hello\", \"v2\": [7]}]"),
        json("[[\"v1\"], \"hello\"]"),
        json("[[\"v2\"], [7]]"),
        json("[[\"v2\", 0], 7]")), pairs);
    ArrayValue inner = (ArrayValue) json("[1, 2]");
    assertEquals(json("[[[1, 2]], [1, 2]]"), WalkBuiltins.pairs(set(inner)).get(1));
  }
}
