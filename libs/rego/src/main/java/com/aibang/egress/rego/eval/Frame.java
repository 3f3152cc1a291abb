package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Variable bindings of one rule/query evaluation, with an undo trail for backtracking. */
final class Frame {
  private final Map<String, Value> values = new HashMap<>();
  private final List<String> trail = new ArrayList<>();

  Value get(String name) { return values.get(name); }

  boolean isBound(String name) { return values.containsKey(name); }

  int mark() { return trail.size(); }

  void bind(String name, Value v) {
    values.put(name, v);
    trail.add(name);
  }

  void undo(int mark) {
    for (int i = trail.size() - 1; i >= mark; i--) {
      values.remove(trail.remove(i));
    }
  }
}
