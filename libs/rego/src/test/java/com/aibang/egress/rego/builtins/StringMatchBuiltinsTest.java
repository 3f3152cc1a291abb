package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import org.junit.jupiter.api.Test;

class StringMatchBuiltinsTest {
  private static final String TYPE = BuiltinException.TYPE_ERROR;

  @Test
  void anyPrefixAndSuffixMatch() {
    assertCall("true", "strings.any_prefix_match", json("[\"a/b/c\", \"e/f/g\"]"), json("[\"x/\", \"e/\"]"));
    assertCall("false", "strings.any_prefix_match", json("[\"aa/bb/cc\"]"), json("[\"a/b\"]"));
    assertCall("true", "strings.any_prefix_match", str("a/b"), set(str("a/")));
    assertCall("false", "strings.any_prefix_match", json("[]"), json("[]"));
    assertCall("true", "strings.any_suffix_match", json("[\"login.microsoft.com\"]"), str(".microsoft.com"));
    assertCall("false", "strings.any_suffix_match", str("evilmicrosoft.com"), str(".microsoft.com"));
    assertFails(TYPE, "operand 1 must be array of strings but got array containing number",
        "strings.any_prefix_match", json("[\"a\", 1]"), str("a"));
    assertFails(TYPE, "operand 2 must be one of {string, set, array} but got number",
        "strings.any_suffix_match", str("a"), json("1"));
  }

  @Test
  void replaceNPrefersEarlierKeysAndNeverRescans() {
    assertCall("\"This is &lt;b&gt;HTML&lt;/b&gt;!\"", "strings.replace_n",
        json("{\"<\": \"&lt;\", \">\": \"&gt;\"}"), str("This is <b>HTML</b>!"));
    assertCall("\"xoobar\"", "strings.replace_n", json("{\"f\": \"x\", \"foo\": \"xxx\"}"), str("foobar"));
    assertCall("\"ba\"", "strings.replace_n", json("{\"a\": \"b\", \"b\": \"a\"}"), str("ab"));
    assertCall("\"-a-b-\"", "strings.replace_n", json("{\"\": \"-\"}"), str("ab"));
    assertFails(TYPE, "operand 1 non-string value found in pattern object", "strings.replace_n", json("{\"f\": 100}"), str("foo"));
    assertFails(TYPE, "operand 2 must be string but got number", "strings.replace_n", json("{\"f\": \"g\"}"), json("100"));
  }
}
