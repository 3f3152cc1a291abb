package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** count, sum, product, max, min, sort. */
public final class AggregateBuiltins {
  private AggregateBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("count", 1, AggregateBuiltins::count);
    r.register("sum", 1, a -> fold(a, BigDecimal.ZERO, true));
    r.register("product", 1, a -> fold(a, BigDecimal.ONE, false));
    r.register("max", 1, a -> extreme(a, true));
    r.register("min", 1, a -> extreme(a, false));
    r.register("sort", 1, a -> {
      List<Value> items = new ArrayList<>(members(a));
      items.sort(null);
      return ArrayValue.wrap(items);
    });
  }

  private static Value count(Args a) {
    Value v = a.get(0);
    if (v instanceof ArrayValue x) {
      return NumberValue.of(x.size());
    }
    if (v instanceof SetValue x) {
      return NumberValue.of(x.size());
    }
    if (v instanceof ObjectValue x) {
      return NumberValue.of(x.size());
    }
    if (v instanceof StringValue s) {
      return NumberValue.of(s.value().codePointCount(0, s.value().length()));
    }
    throw a.typeError(0, "one of {array, object, set, string}");
  }

  /** Members of an array or set operand. */
  static Collection<Value> members(Args a) {
    if (a.get(0) instanceof ArrayValue arr) {
      return arr.items();
    }
    if (a.get(0) instanceof SetValue set) {
      return set.items();
    }
    throw a.typeError(0, "one of {array, set}");
  }

  private static Value fold(Args a, BigDecimal start, boolean add) {
    BigDecimal acc = start;
    for (Value v : members(a)) {
      if (!(v instanceof NumberValue n)) {
        throw BuiltinException.type(Args.operand(0) + " must be one of {set, array} containing numbers but got "
            + v.typeName());
      }
      acc = add ? acc.add(n.bigDecimal()) : acc.multiply(n.bigDecimal());
    }
    return NumberValue.of(acc);
  }

  private static Value extreme(Args a, boolean max) {
    Value best = null;
    for (Value v : members(a)) {
      if (best == null || (max ? v.compareTo(best) > 0 : v.compareTo(best) < 0)) {
        best = v;
      }
    }
    return best;
  }
}
