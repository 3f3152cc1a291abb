package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import com.aibang.egress.rego.value.ObjectValue;
import org.junit.jupiter.api.Test;

class EncodingBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void base64() {
    assertCall("\"aGVsbG8=\"", "base64.encode", str("hello"));
    assertCall("\"c3ViamVjdHM/X2Q=\"", "base64.encode", str("subjects?_d"));
    assertCall("\"hello\"", "base64.decode", str("aGVsbG8="));
    assertCall("true", "base64.is_valid", str("aGVsbG8="));
    assertCall("false", "base64.is_valid", str("{'not':'base64'}"));
    assertFails(ERR, "illegal base64 data at input byte 0", "base64.decode", str("{x}="));
    assertCall("\"c3ViamVjdHM_X2Q=\"", "base64url.encode", str("subjects?_d"));
    assertCall("\"aGVsbG8\"", "base64url.encode_no_pad", str("hello"));
    assertCall("\"hello\"", "base64url.decode", str("aGVsbG8"));
    assertFails(ERR, "illegal base64url string", "base64url.decode", str("aGVsb"));
  }

  @Test
  void hex() {
    assertCall("\"6c6f72656d20697073756d\"", "hex.encode", str("lorem ipsum"));
    assertCall("\"lorem ipsum\"", "hex.decode", str("6c6f72656d20697073756d"));
    assertFails(ERR, "invalid byte: U+0067 'g'", "hex.decode", str("fghijkl"));
    assertFails(ERR, "odd length hex string", "hex.decode", str("abc"));
  }

  @Test
  void urlQuery() {
    assertCall("\"a%3Db%2B1\"", "urlquery.encode", str("a=b+1"));
    assertCall("\"a+b%26c\"", "urlquery.encode", str("a b&c"));
    assertCall("\"a=b+1\"", "urlquery.decode", str("a%3Db%2B1"));
    assertCall("\"a b\"", "urlquery.decode", str("a+b"));
    assertFails(ERR, "invalid URL escape \"%zz\"", "urlquery.decode", str("%zz"));
    assertCall("\"\"", "urlquery.encode_object", ObjectValue.EMPTY);
    assertCall("\"a=b&c=d\"", "urlquery.encode_object", json("{\"c\": \"d\", \"a\": \"b\"}"));
    assertCall("\"a=b%2B1&a=c%2B2\"", "urlquery.encode_object", json("{\"a\": [\"b+1\", \"c+2\"]}"));
    assertCall("\"a=b%2B1\"", "urlquery.encode_object", ObjectValue.builder().put("a", set(str("b+1"))).build());
    assertCall("{\"a\": [\"value_a1\", \"value_a2\"], \"b\": [\"value_b\"]}", "urlquery.decode_object",
        str("a=value_a1&b=value_b&a=value_a2"));
    assertCall("{\"a\": [\"value_a1\"], \"b\": [\"\"]}", "urlquery.decode_object", str("a=value_a1&b"));
    assertCall("{}", "urlquery.decode_object", str(""));
    assertFails(ERR, "invalid semicolon separator in query", "urlquery.decode_object", str("a=1;b=2"));
  }
}
