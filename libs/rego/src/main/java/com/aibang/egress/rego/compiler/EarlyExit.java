package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;

/**
 * Early exit (as OPA does): when every definition of a complete rule or function (else branches
 * included, default excluded) has the same constant value, e.g. `allow if ...` or `f(x) if ...`,
 * no two definitions can conflict, so evaluation stops at the first solution instead of
 * enumerating every solution of every body.
 */
final class EarlyExit {
  private EarlyExit() {}

  static boolean applies(List<CompiledRule> rules) {
    Value common = null;
    for (CompiledRule r : rules) {
      if (r.rule().isDefault()) {
        continue;
      }
      for (Rule branch = r.rule(); branch != null; branch = branch.elseRule()) {
        Value v = constant(branch.value());
        if (v == null || (common != null && !common.equals(v))) {
          return false;
        }
        common = v;
      }
    }
    return common != null;
  }

  private static Value constant(Term value) {
    if (value == null) {
      return BooleanValue.TRUE;
    }
    return value instanceof Term.Scalar sc ? sc.value() : null;
  }
}
