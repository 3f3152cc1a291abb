package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** array.flatten (array.concat/slice/reverse live in CollectionBuiltins). */
public final class ArrayBuiltins {
  private ArrayBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("array.flatten", 1, a -> {
      List<Value> out = new ArrayList<>();
      for (Value v : a.array(0).items()) {
        // One level only: nested arrays inside nested arrays stay as they are.
        if (v instanceof ArrayValue inner) {
          out.addAll(inner.items());
        } else {
          out.add(v);
        }
      }
      return ArrayValue.wrap(out);
    });
  }
}
