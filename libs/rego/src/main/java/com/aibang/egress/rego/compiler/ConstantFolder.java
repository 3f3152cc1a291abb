package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns ground composite literals ([1, "a"], {"k": 2}, {1, 2}) into constants once at compile time,
 * so large inline lists cost nothing (and no recursion) at evaluation.
 */
final class ConstantFolder {
  private ConstantFolder() {}

  static Term fold(Term t) {
    if (t instanceof Term.ArrayTerm a) {
      List<Value> values = constants(a.items());
      return values == null ? t : new Term.Scalar(ArrayValue.wrap(values), a.loc());
    }
    if (t instanceof Term.SetTerm s) {
      List<Value> values = constants(s.items());
      return values == null ? t : new Term.Scalar(SetValue.of(values), s.loc());
    }
    if (t instanceof Term.ObjectTerm o) {
      List<Value> keys = constants(o.keys());
      List<Value> values = constants(o.values());
      if (keys == null || values == null) {
        return t;
      }
      TreeMap<Value, Value> m = new TreeMap<>();
      for (int i = 0; i < keys.size(); i++) {
        Value old = m.put(keys.get(i), values.get(i));
        if (old != null && !old.equals(values.get(i))) {
          return t; // conflicting duplicate keys are reported when evaluated
        }
      }
      return new Term.Scalar(com.aibang.egress.rego.value.ObjectValue.wrap(m), o.loc());
    }
    return t;
  }

  private static List<Value> constants(List<Term> terms) {
    List<Value> out = new ArrayList<>(terms.size());
    for (Term x : terms) {
      if (!(x instanceof Term.Scalar s)) {
        return null;
      }
      out.add(s.value());
    }
    return out;
  }
}
