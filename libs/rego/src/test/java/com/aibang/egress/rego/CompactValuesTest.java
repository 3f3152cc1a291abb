package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.JavaValues;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Sets as sorted arrays with a hash index, arrays without a list object, lazy input views, large-object lookups. */
class CompactValuesTest {
  /** Strings with equal hash codes ("Aa" and "BB" collide), so index probes must compare values. */
  private static List<Value> colliding(int n) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = Integer.toBinaryString(i).replace("0", "Aa").replace("1", "BB");
      out.add(ArrayValue.of(StringValue.of(s), NumberValue.of(i % 3)));
    }
    return out;
  }

  @Test
  void largeSetMembershipMatchesAScanWithCollidingHashes() {
    List<Value> members = colliding(500);
    SetValue set = SetValue.of(members);
    assertEquals(500, set.size());
    for (Value m : members) {
      assertTrue(set.contains(m), "member " + m);
      assertTrue(set.items().contains(m));
    }
    for (Value other : colliding(700).subList(500, 700)) {
      assertFalse(set.contains(other), "not a member " + other);
    }
    assertFalse(set.contains(StringValue.of("AaAa")));
  }

  @Test
  void setsIterateInCanonicalOrderAndCompareByMembers() {
    SetValue a = SetValue.of(NumberValue.of(3), StringValue.of("x"), NumberValue.of(1));
    assertEquals("{1,3,\"x\"}", a.toString());
    assertEquals(List.of(NumberValue.of(1), NumberValue.of(3), StringValue.of("x")), new ArrayList<>(a.items()));
    SetValue b = SetValue.of(StringValue.of("x"), NumberValue.parse("1.0"), NumberValue.of(3));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(a.contains(NumberValue.parse("3.00")));
    assertEquals(0, a.compareTo(b));
    assertTrue(SetValue.of(NumberValue.of(1)).compareTo(a) < 0);
  }

  @Test
  void arraysAreImmutableValues() {
    Value[] elems = {NumberValue.of(1), StringValue.of("a")};
    ArrayValue copy = ArrayValue.of(elems);
    elems[0] = NumberValue.of(2);
    assertEquals(NumberValue.of(1), copy.get(0));
    assertEquals(List.of(NumberValue.of(1), StringValue.of("a")), copy.items());
    assertEquals(copy, ArrayValue.of(List.of(NumberValue.parse("1.0"), StringValue.of("a"))));
    List<Value> many = colliding(40);
    ArrayValue big = ArrayValue.of(many);
    assertTrue(big.contains(many.get(39)));
    assertFalse(big.contains(colliding(41).get(40)));
  }

  @Test
  void compactDataObjectsBehaveLikeSortedOnes() {
    TreeMap<Value, Value> members = new TreeMap<>();
    members.put(StringValue.of("ports"), ArrayValue.of(NumberValue.of(443)));
    members.put(StringValue.of("host"), StringValue.of("a.example"));
    ObjectValue compact = ObjectValue.compact(new TreeMap<>(members));
    ObjectValue sorted = ObjectValue.of(members);
    assertEquals(2, compact.size());
    assertEquals(StringValue.of("a.example"), compact.get("host"));
    assertNull(compact.get("absent"));
    assertEquals(sorted, compact);
    assertEquals(sorted.hashCode(), compact.hashCode());
    assertEquals(List.of(StringValue.of("host"), StringValue.of("ports")), new ArrayList<>(compact.entries().keySet()));
    assertEquals(ArrayValue.of(NumberValue.of(443)), compact.get("ports"), "lookups still work once sorted");
  }

  @Test
  void inputViewsOfMapsWithNonStringKeysFindEveryKey() {
    Map<Object, Object> mixed = new LinkedHashMap<>();
    mixed.put("a", 1);
    mixed.put(2, "two");
    ObjectValue view = (ObjectValue) JavaValues.view(mixed);
    assertEquals(NumberValue.of(1), view.get("a"));
    assertEquals(StringValue.of("two"), view.get(NumberValue.of(2)));
    assertNull(view.get(StringValue.of("2")));
    assertEquals(JavaValues.fromJava(mixed), view);

    Map<Integer, String> integers = new TreeMap<>(Map.of(1, "one"));
    ObjectValue intView = (ObjectValue) JavaValues.view(integers);
    assertNull(intView.get("1"), "a string key is not in an Integer-keyed TreeMap (and does not throw)");
    assertEquals(StringValue.of("one"), intView.get(NumberValue.of(1)));
  }

  @Test
  void policyReadsInputWithNonStringKeys() {
    RegoPolicy p = RegoPolicy.compile(List.of(new SourceFile("k.rego", """
        package k
        import rego.v1
        by_number := input.m[1]
        by_string := input.m["1"]
        """)), Map.of());
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(1, "number key");
    m.put("1", "string key");
    Map<String, Object> input = Map.of("m", m);
    assertEquals(Optional.of("number key"), p.evaluate("data.k.by_number", input));
    assertEquals(Optional.of("string key"), p.evaluate("data.k.by_string", input));
  }

  @Test
  void largeObjectsFindStringAndOtherKeys() {
    TreeMap<Value, Value> strings = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      strings.put(StringValue.of("host-" + i), NumberValue.of(i));
    }
    ObjectValue byString = ObjectValue.wrap(strings);
    for (int i = 0; i < 40; i++) {
      assertEquals(NumberValue.of(i), byString.get(StringValue.of(new String("host-" + i))), "equal, not identical key");
    }
    assertNull(byString.get("host-40"));
    assertNull(byString.get(NumberValue.of(1)), "a number is no string key");

    TreeMap<Value, Value> mixed = new TreeMap<>(strings);
    mixed.put(NumberValue.of(1), StringValue.of("number one"));
    mixed.put(StringValue.of("1"), StringValue.of("string one"));
    ObjectValue byValue = ObjectValue.wrap(mixed);
    assertEquals(StringValue.of("number one"), byValue.get(NumberValue.parse("1.0")));
    assertEquals(StringValue.of("string one"), byValue.get("1"));
    assertEquals(NumberValue.of(7), byValue.get("host-7"));
    assertNull(byValue.get(NumberValue.of(2)));
  }

  @Test
  void policiesOfOneModuleWithDifferentDataKeepTheirOwnPlans() {
    // the plans kept on terms and bodies hold resolved data references: two policies of the same
    // source with different data, queried in turn, each answer from their own data
    SourceFile module = new SourceFile("p.rego", """
        package p
        import rego.v1
        allowed if lower(input.host) in data.hosts
        reason := sprintf("%v:%v", [lower(input.host), count(data.hosts)])
        """);
    RegoPolicy a = RegoPolicy.compile(List.of(module), Map.of("hosts", List.of("a.example")));
    RegoPolicy b = RegoPolicy.compile(List.of(module), Map.of("hosts", List.of("b.example", "c.example")));
    Map<String, Object> input = Map.of("host", "A.example");
    for (int round = 0; round < 3; round++) {
      assertEquals(Optional.of(true), a.evaluate("data.p.allowed", input));
      assertEquals(Optional.empty(), b.evaluate("data.p.allowed", input));
      assertEquals(Optional.of("a.example:1"), a.evaluate("data.p.reason", input));
      assertEquals(Optional.of("a.example:2"), b.evaluate("data.p.reason", input));
    }
  }
}
