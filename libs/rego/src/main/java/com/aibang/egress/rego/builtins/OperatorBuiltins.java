package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/** Infix operators: arithmetic, comparison, set union/intersection and membership ("in"). */
public final class OperatorBuiltins {
  /** Precision used when a quotient has no exact decimal representation. */
  static final MathContext DIVISION = new MathContext(34);

  /** Objects this large answer "value in object" from a hash set of their values (built once per object). */
  private static final int MEMBER_INDEX_MIN = 16;
  private static final Object OBJECT_VALUES = new Object();

  private OperatorBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("plus", 2, a -> NumberValue.of(a.number(0).bigDecimal().add(a.number(1).bigDecimal())));
    r.register("minus", 2, OperatorBuiltins::minus);
    r.register("mul", 2, a -> NumberValue.of(a.number(0).bigDecimal().multiply(a.number(1).bigDecimal())));
    r.register("div", 2, OperatorBuiltins::div);
    r.register("rem", 2, OperatorBuiltins::rem);
    compare(r, "equal", c -> c == 0);
    compare(r, "neq", c -> c != 0);
    compare(r, "lt", c -> c < 0);
    compare(r, "gt", c -> c > 0);
    compare(r, "lte", c -> c <= 0);
    compare(r, "gte", c -> c >= 0);
    r.register("or", 2, a -> {
      TreeSet<Value> s = new TreeSet<>(a.set(0).items());
      s.addAll(a.set(1).items());
      return SetValue.wrap(s);
    });
    r.register("and", 2, a -> {
      TreeSet<Value> s = new TreeSet<>(a.set(0).items());
      s.retainAll(a.set(1).items());
      return SetValue.wrap(s);
    });
    r.register("internal.member_2", 2, a -> BooleanValue.of(member(a.get(1), null, a.get(0))));
    r.register("internal.member_3", 3, a -> BooleanValue.of(member(a.get(2), a.get(0), a.get(1))));
  }

  private static void compare(BuiltinRegistry r, String name, IntPredicate test) {
    r.register(name, 2, a -> BooleanValue.of(test.test(a.get(0).compareTo(a.get(1)))));
  }

  private static Value minus(Args a) {
    if (a.get(0) instanceof SetValue s1 && a.get(1) instanceof SetValue s2) {
      TreeSet<Value> s = new TreeSet<>(s1.items());
      s.removeAll(s2.items());
      return SetValue.wrap(s);
    }
    if (a.get(0) instanceof NumberValue && a.get(1) instanceof NumberValue) {
      return NumberValue.of(a.number(0).bigDecimal().subtract(a.number(1).bigDecimal()));
    }
    int bad = a.get(0) instanceof NumberValue || a.get(0) instanceof SetValue ? 1 : 0;
    throw a.typeError(bad, "one of {number, set}");
  }

  private static Value div(Args a) {
    BigDecimal x = a.number(0).bigDecimal();
    BigDecimal y = a.number(1).bigDecimal();
    if (y.signum() == 0) {
      throw BuiltinException.error("divide by zero");
    }
    try {
      return NumberValue.of(x.divide(y));
    } catch (ArithmeticException inexact) {
      return NumberValue.of(x.divide(y, DIVISION));
    }
  }

  private static Value rem(Args a) {
    NumberValue x = a.number(0);
    NumberValue y = a.number(1);
    if (!x.isInteger() || !y.isInteger()) {
      throw BuiltinException.error("modulo on floating-point number");
    }
    if (y.signum() == 0) {
      throw BuiltinException.error("modulo by zero");
    }
    return NumberValue.of(x.bigInteger().remainder(y.bigInteger()));
  }

  /** True when collection contains value (and, if key != null, under that key). */
  static boolean member(Value collection, Value key, Value value) {
    if (collection instanceof ArrayValue arr) {
      if (key == null) {
        return arr.contains(value);
      }
      int i = key instanceof NumberValue n ? n.intValue().orElse(-1) : -1;
      return i >= 0 && i < arr.size() && arr.get(i).equals(value);
    }
    if (collection instanceof SetValue set) {
      return set.contains(value) && (key == null || key.equals(value));
    }
    if (collection instanceof ObjectValue obj) {
      if (key != null) {
        return value.equals(obj.get(key));
      }
      if (obj.size() >= MEMBER_INDEX_MIN) {
        return obj.derived(OBJECT_VALUES, () -> new HashSet<>(obj.entries().values())).contains(value);
      }
      for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
        if (e.getValue().equals(value)) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  static StringValue str(String s) { return StringValue.of(s); }
}
