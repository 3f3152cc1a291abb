package com.aibang.egress.rego.builtins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Calls a builtin of the standard registry the way the evaluator does, for family tests. */
final class BuiltinCall {
  static final long FIXED_NOW = 1_900_000_000_123_456_789L;

  private static final BuiltinContext CONTEXT = new BuiltinContext() {
    private final Map<String, Value> memo = new HashMap<>();

    @Override public long nowNanos() { return FIXED_NOW; }
    @Override public void print(String line) {}
    @Override public synchronized Value memo(String key, Supplier<Value> compute) {
      return memo.computeIfAbsent(key, k -> compute.get());
    }
  };

  private BuiltinCall() {}

  static Value call(String name, Value... operands) {
    Builtin b = BuiltinRegistry.standard().get(name).orElseThrow(() -> new AssertionError("no builtin " + name));
    assertEquals(b.arity(), operands.length, "arity of " + name);
    return b.function().apply(new Args(name, List.of(operands), CONTEXT));
  }

  /** A value from JSON text. */
  static Value json(String text) { return JsonCodec.parse(text); }

  static Value str(String s) { return StringValue.of(s); }

  static Value set(Value... items) { return SetValue.of(Arrays.asList(items)); }

  /** Asserts the call returns the value written as JSON. */
  static void assertCall(String expectedJson, String name, Value... operands) {
    assertEquals(json(expectedJson), call(name, operands), name);
  }

  /** Asserts the call returns a set whose members are the JSON array's elements. */
  static void assertSetCall(String expectedJsonArray, String name, Value... operands) {
    Value expected = SetValue.of(((com.aibang.egress.rego.value.ArrayValue) json(expectedJsonArray)).items());
    assertEquals(expected, call(name, operands), name);
  }

  /** Asserts the call fails with the code and a message containing the fragment. */
  static BuiltinException assertFails(String code, String fragment, String name, Value... operands) {
    BuiltinException e = assertThrows(BuiltinException.class, () -> call(name, operands));
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    return e;
  }
}
