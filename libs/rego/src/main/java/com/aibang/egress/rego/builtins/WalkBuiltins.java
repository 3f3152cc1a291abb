package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** walk(x): every [path, value] pair of a document, pre-order, children in canonical order. */
public final class WalkBuiltins {
  private WalkBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.registerRelation("walk", 1, a -> pairs(a.get(0)));
  }

  /** All [path, value] pairs, the root ([], x) first. */
  public static List<Value> pairs(Value root) {
    List<Value> out = new ArrayList<>();
    visit(new ArrayList<>(), root, out);
    return out;
  }

  private static void visit(List<Value> path, Value v, List<Value> out) {
    out.add(ArrayValue.of(ArrayValue.of(path), v));
    if (v instanceof ObjectValue obj) {
      for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
        descend(path, e.getKey(), e.getValue(), out);
      }
    } else if (v instanceof ArrayValue arr) {
      for (int i = 0; i < arr.size(); i++) {
        descend(path, NumberValue.of(i), arr.get(i), out);
      }
    } else if (v instanceof SetValue set) {
      // A set member is addressed by itself.
      for (Value item : set.items()) {
        descend(path, item, item, out);
      }
    }
  }

  private static void descend(List<Value> path, Value key, Value child, List<Value> out) {
    path.add(key);
    visit(path, child, out);
    path.remove(path.size() - 1);
  }
}
