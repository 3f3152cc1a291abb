package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;

/** opa.runtime (no runtime configuration here: an empty object) and trace (a note to the print sink). */
public final class RuntimeBuiltins {
  private RuntimeBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.markNondeterministic("opa.runtime", "trace");
    r.register("opa.runtime", 0, a -> ObjectValue.EMPTY);
    // inside rules the compiler replaces these with the rule's annotations; elsewhere there are none
    r.register("rego.metadata.rule", 0, a -> ObjectValue.EMPTY);
    r.register("rego.metadata.chain", 0, a -> com.aibang.egress.rego.value.ArrayValue.EMPTY);
    r.register("trace", 1, a -> {
      a.context().print("trace: " + a.string(0));
      return BooleanValue.TRUE;
    });
  }
}
