package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertSetCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import org.junit.jupiter.api.Test;

class CryptoGraphUuidBuiltinsTest {
  private static final String TYPE = BuiltinException.TYPE_ERROR;
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void digestsAndHmacs() {
    assertCall("\"80a751fde577028640c419000e33eba6\"", "crypto.md5", str("lorem ipsum"));
    assertCall("\"bfb7759a67daeb65410490b4d98bb9da7d1ea2ce\"", "crypto.sha1", str("lorem ipsum"));
    assertCall("\"5e2bf57d3f40c4b6df69daf1936cb766f832374b4fc0259a7cbff06e2f70f269\"", "crypto.sha256", str("lorem ipsum"));
    assertCall("\"31b6db9e5eb4addb42f1a6ca07367adc\"", "crypto.hmac.md5", str("foo"), str("bar"));
    assertCall("\"147933218aaabc0b8b10a2b3a5c34684c8d94341bcf10a4736dc7270f7741851\"", "crypto.hmac.sha256", str("foo"), str("bar"));
    assertCall("\"eb90daeb76d4b2571fbdaf94bbb240809faa8fed93ec0c260dd38c3fdf8d963a\"", "crypto.hmac.sha256",
        str("åäöçß🥲♙Ω"), str("秘密の"));
    assertCall("true", "crypto.hmac.equal", str("abc"), str("abc"));
    assertCall("false", "crypto.hmac.equal", str("abc"), str("ab"));
  }

  @Test
  void reachability() {
    Value graph = ObjectValue.builder()
        .put("a", set(str("b"), str("c"))).put("b", set(str("d"))).put("c", set(str("d")))
        .put("d", set()).put("e", set(str("f"))).put("f", set(str("e"))).build();
    assertSetCall("[\"b\", \"d\", \"e\", \"f\"]", "graph.reachable", graph, set(str("b"), str("e")));
    assertSetCall("[]", "graph.reachable", json("{}"), set(str("a")));
    assertSetCall("[\"a\"]", "graph.reachable", json("{\"a\": null}"), json("[\"a\"]"));
    assertFails(TYPE, "operand 2 must be one of {set, array} but got string", "graph.reachable", json("{\"a\": []}"), str("a"));
    assertSetCall("[[\"b\", \"d\"], [\"e\", \"f\"]]", "graph.reachable_paths", graph, set(str("b"), str("e")));
    assertSetCall("[[\"5\", \"4\", \"2\", \"1\"], [\"5\", \"4\", \"3\", \"2\", \"1\"]]", "graph.reachable_paths",
        json("{\"1\": [], \"2\": [\"1\"], \"3\": [\"2\"], \"4\": [\"3\", \"2\"], \"5\": [\"4\"]}"), json("[\"5\"]"));
    assertSetCall("[[\"a\", \"b\"], [\"b\"]]", "graph.reachable_paths",
        json("{\"a\": [\"b\"], \"b\": [\"nonexistent\"]}"), set(str("a"), str("b")));
  }

  @Test
  void uuidParse() {
    assertCall("{\"variant\": \"RFC4122\", \"version\": 4}", "uuid.parse", str("{00000000-0000-4000-8000-000000000000}"));
    assertCall("{\"variant\": \"RFC4122\", \"version\": 3}", "uuid.parse", str("6bea8ef2d3d33cd184e09bab06a52ece"));
    assertCall("{\"clocksequence\": 12800, \"domain\": \"Person\", \"id\": 1000, \"macvariables\": \"local:unicast\","
        + " \"nodeid\": \"32-50-96-b3-9f-47\", \"time\": 1693566990121469600, \"variant\": \"RFC4122\", \"version\": 2}",
        "uuid.parse", str("URN:UUID:000003e8-48b9-21ee-b200-325096b39f47"));
    assertFails(ERR, "invalid UUID length: 3", "uuid.parse", str("abc"));
    assertFails(ERR, "invalid UUID format", "uuid.parse", str("00000000x0000-4000-8000-000000000000"));
  }

  @Test
  void randomValuesAreStableForOneKey() {
    String u = ((StringValue) BuiltinCall.call("uuid.rfc4122", str("k1"))).value();
    assertTrue(u.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), u);
    assertCall("\"" + u + "\"", "uuid.rfc4122", str("k1"));
    assertNotEquals(BuiltinCall.call("uuid.rfc4122", str("k2")), BuiltinCall.call("uuid.rfc4122", str("k1")));
    Value n = BuiltinCall.call("rand.intn", str("seed"), json("-10"));
    assertTrue(((NumberValue) n).intValue().get() < 10);
    assertEquals(n, BuiltinCall.call("rand.intn", str("seed"), json("10")));
    assertCall("0", "rand.intn", str("seed"), json("0"));
  }
}
