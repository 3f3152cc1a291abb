package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Members of one collection grouped by the value found at a fixed path inside each member
 * (e.g. every entry of an allowlist array by its "host"). Built once per collection and path and
 * cached on the collection value, so data arrays are indexed once per compiled policy.
 */
final class FieldIndex {
  /** One member: its key (array index, object key, or the set element) and value. */
  record Member(Value key, Value value) {}

  private final Map<Value, List<Member>> byField;

  private FieldIndex(Map<Value, List<Member>> byField) { this.byField = byField; }

  /** The index of coll by path (path elements are constant keys); null when coll is no collection. */
  static FieldIndex of(Value coll, List<Value> path) {
    IndexKey key = new IndexKey(path);
    if (coll instanceof ArrayValue a) {
      return a.derived(key, () -> build(coll, path));
    }
    if (coll instanceof ObjectValue o) {
      return o.derived(key, () -> build(coll, path));
    }
    if (coll instanceof SetValue s) {
      return s.derived(key, () -> build(coll, path));
    }
    return null;
  }

  /** Members whose field equals probe, in the collection's iteration order. */
  List<Member> lookup(Value probe) {
    return byField.getOrDefault(probe, List.of());
  }

  private static FieldIndex build(Value coll, List<Value> path) {
    Map<Value, List<Member>> m = new HashMap<>();
    Evaluator.iterate(coll, (k, v) -> {
      Value field = v;
      for (int i = 0; i < path.size() && field != null; i++) {
        field = Terms.child(field, path.get(i));
      }
      if (field != null) {
        m.computeIfAbsent(field, x -> new ArrayList<>(1)).add(new Member(k, v));
      }
      return true;
    });
    return new FieldIndex(m);
  }

  /** Cache key of a field index (distinct from other derived data of the same value). */
  private record IndexKey(List<Value> path) {}
}
