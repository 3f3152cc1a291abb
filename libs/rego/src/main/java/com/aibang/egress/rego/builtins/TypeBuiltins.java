package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** is_* type checks, type_name, and number conversions (to_number, round, ceil, floor, abs). */
public final class TypeBuiltins {
  private TypeBuiltins() {}

  public static void register(BuiltinRegistry r) {
    for (String t : new String[] {"null", "boolean", "number", "string", "array", "object", "set"}) {
      r.register("is_" + t, 1, a -> a.get(0).typeName().equals(t) ? BooleanValue.TRUE : BooleanValue.FALSE);
    }
    r.register("type_name", 1, a -> StringValue.of(a.get(0).typeName()));
    r.register("to_number", 1, TypeBuiltins::toNumber);
    r.register("round", 1, a -> round(a, RoundingMode.HALF_UP));
    r.register("ceil", 1, a -> round(a, RoundingMode.CEILING));
    r.register("floor", 1, a -> round(a, RoundingMode.FLOOR));
    r.register("abs", 1, a -> NumberValue.of(a.number(0).bigDecimal().abs()));
  }

  private static Value round(Args a, RoundingMode mode) {
    BigDecimal d = a.number(0).bigDecimal();
    if (mode == RoundingMode.HALF_UP && d.signum() < 0) {
      return NumberValue.of(d.negate().setScale(0, RoundingMode.HALF_UP).negate());
    }
    return NumberValue.of(d.setScale(0, mode));
  }

  private static Value toNumber(Args a) {
    Value v = a.get(0);
    if (v instanceof NumberValue) {
      return v;
    }
    if (v instanceof BooleanValue b) {
      return b.value() ? NumberValue.ONE : NumberValue.ZERO;
    }
    if (v instanceof com.aibang.egress.rego.value.NullValue) {
      return NumberValue.ZERO;
    }
    if (v instanceof StringValue s) {
      String text = s.value();
      if (text.matches("(?i)[+-]?(nan|inf|infinity)")) {
        throw BuiltinException.type(Args.operand(0) + " must be a finite number but got " + quote(text));
      }
      if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        throw BuiltinException.error("strconv.ParseFloat: parsing " + quote(text) + ": invalid syntax");
      }
      return NumberValue.of(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
    }
    throw a.typeError(0, "one of {null, boolean, number, string}");
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    com.aibang.egress.rego.value.RegoText.quote(s, sb);
    return sb.toString();
  }
}
